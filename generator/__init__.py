"""tlgen: archived news live blogs in, a durable, citable static website out."""

__version__ = "0.1.0"
