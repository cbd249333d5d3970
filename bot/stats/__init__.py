"""Anonymous statistics for coordinators: `python -m bot stats` (see command.py).

figures.py reads counts from the database (ids and timestamps only), report.py turns them into
tables and hides every group smaller than 5, output.py and plots.py show and write them.
"""
