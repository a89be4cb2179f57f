# The dashboard in a container: Debian, Chromium and Noto fonts for the report images, a
# non-root user, the database on a volume, a health check on Streamlit's own endpoint.
#
#   docker build -t xeploai .
#   docker run -d --name xeploai -p 127.0.0.1:8501:8501 -v xeploai-data:/data xeploai
#
# nginx (deploy/nginx/xeploai.conf) terminates TLS in front; docs/DEPLOY.md has the first
# start (creating the database and the first admin) and the backups.
FROM python:3.11-slim-bookworm

# Chromium and a font with Vietnamese glyphs: kaleido draws the charts of the exported
# reports with them (without the font, diacritics come out as boxes).
RUN apt-get update \
    && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
        chromium fonts-noto-core tini \
    && rm -rf /var/lib/apt/lists/*

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    XEPLOAI_DB=/data/xeploai.duckdb \
    BROWSER_PATH=/usr/bin/chromium

WORKDIR /opt/xeploai
COPY requirements.txt ./
RUN pip install -r requirements.txt

COPY app.py server.py auth_routes.py hardening.py plotly_early.py ./
COPY .streamlit/ ./.streamlit/
COPY xeploai/ ./xeploai/
COPY ui/ ./ui/
COPY views/ ./views/
COPY queries/ ./queries/
COPY data/template.xlsx ./data/template.xlsx
COPY deploy/run-processes.sh ./deploy/run-processes.sh

RUN groupadd --system --gid 10001 xeploai \
    && useradd --system --uid 10001 --gid xeploai --home-dir /data --shell /usr/sbin/nologin xeploai \
    && mkdir -p /data && chown xeploai:xeploai /data
USER xeploai
VOLUME ["/data"]
EXPOSE 8501

HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
    CMD ["python", "-c", "import sys, urllib.request as u; sys.exit(0 if u.urlopen('http://127.0.0.1:8501/_stcore/health', timeout=4).status == 200 else 1)"]

ENTRYPOINT ["/usr/bin/tini", "--"]
CMD ["streamlit", "run", "server.py", "--server.port", "8501", "--server.address", "0.0.0.0", \
     "--server.headless", "true", "--server.enableXsrfProtection", "true", \
     "--browser.gatherUsageStats", "false"]
