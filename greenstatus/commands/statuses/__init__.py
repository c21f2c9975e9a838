"""`greenstatus list`, `stats` and `delete`: GREEN-API's own journal of statuses, a module each."""
