"""The guide's data package: CSV tables described by datapackage.json."""
