.PHONY: test-python
test-python:
	@echo "no Python tests yet"
