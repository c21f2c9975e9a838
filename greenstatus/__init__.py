"""greenstatus: queue WhatsApp statuses through GREEN-API from the command line."""

__version__ = "0.1.0"
