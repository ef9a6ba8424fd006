"""Reports: Allure enrichment and rendering, JUnit, coverage and the results history."""
