"""`greenstatus list`, `stats` and `delete`: GREEN-API's own status lists, a module each."""
