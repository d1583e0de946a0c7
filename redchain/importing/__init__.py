"""Importing the files clerks have (CSV, Excel, JSON) into the graph."""
