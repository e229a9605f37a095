.PHONY: test-c
test-c:
	@echo "no C tests yet"
