"""The administrators' side: admin login, customers, statistics, maintenance windows."""
