"""grommet-codegen: GraphQL SDL → typed Python for the grommet engine (see ``cli.py``)."""
