import sys

from xeploai.cli import main

sys.exit(main())
