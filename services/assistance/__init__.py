"""Social assistance (城乡一体化社会救助): dibao, low-income, extreme-poverty support, medical and temporary aid."""
