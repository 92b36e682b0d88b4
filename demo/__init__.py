"""Demo content for trying the site (``manage.py seed_demo``) and bulk data for
benchmarks (``manage.py seed_bulk``)."""
