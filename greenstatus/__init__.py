"""greenstatus: queue WhatsApp text statuses through GREEN-API from the command line."""

__version__ = "0.1.0"
