"""Resident information collection (信息采集): form pages on any site and their submissions."""
