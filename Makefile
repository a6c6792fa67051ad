# One command per chore. `make run` and `make test` install what they need first.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-$(shell cat pyproject.toml constraints.txt | cksum | cut -d' ' -f1)

.PHONY: install run test lint fmt bench golden schemas docs translations clean

$(STAMP): pyproject.toml constraints.txt
	rm -f $(VENV)/.installed-*
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c constraints.txt -e '.[dev]'
	touch $@

install: $(STAMP)

## The main job on the bundled dataset: check it, then show the state of the treaty.
run: $(STAMP)
	$(BIN)/attu validate
	$(BIN)/attu status


test: $(STAMP)
	$(BIN)/python -m pytest

lint: $(STAMP)
	$(BIN)/ruff check att_univ tests tools bench
	$(BIN)/ruff format --check att_univ tests tools bench
	$(BIN)/mypy att_univ
	$(BIN)/lint-imports

fmt: $(STAMP)
	$(BIN)/ruff format att_univ tests tools bench
	$(BIN)/attu fmt

bench: $(STAMP)
	$(BIN)/python bench/run.py

golden: $(STAMP)
	UPDATE_GOLDEN=1 $(BIN)/python -m pytest -q tests

schemas: $(STAMP)
	$(BIN)/attu schema --out schemas

## docs/commands.md, the command reference, from the CLI's own help.
docs: $(STAMP)
	$(BIN)/python tools/command_reference.py

## The report's message catalogues (docs/translations.md): extract the templates' sentences to
## messages.pot, merge them into each language's .po (new ones untranslated, none guessed), and
## compile each .po (to a scratch directory: attu compiles them itself when it loads them).
LOCALES := templates/locale
translations: $(STAMP)
	$(BIN)/pybabel extract -F babel.cfg --no-wrap --sort-by-file --omit-header --add-location=file -o $(LOCALES)/messages.pot .
	$(BIN)/pybabel update -i $(LOCALES)/messages.pot -d $(LOCALES) --no-wrap --no-fuzzy-matching --ignore-obsolete --ignore-pot-creation-date
	scratch=$$(mktemp -d) && for po in $(LOCALES)/*/LC_MESSAGES/messages.po; do \
		lang=$$(basename $$(dirname $$(dirname $$po))); \
		$(BIN)/pybabel compile -i $$po -o $$scratch/$$lang.mo -l $$lang --statistics || exit 1; \
	done; rm -rf $$scratch

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis .mypy_cache .ruff_cache
