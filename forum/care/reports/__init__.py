"""The managers' care report (/reports/care/): how fast and how well the desk
answers, per channel and per agent, with its CSV tables and its API endpoint."""
