"""What is said about the figures, shared by the pages and the exports: sentences in the
register of the organization board's reports, chart titles that state the finding, and the
tables behind the charts with Vietnamese headers."""
