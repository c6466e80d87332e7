# The two commands a newcomer needs: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

# Local development defaults; any of them can be overridden from the environment.
export DJANGO_DEBUG ?= true
export DJANGO_SUPERUSER_USERNAME ?= admin
export DJANGO_SUPERUSER_EMAIL ?= admin@localhost
export DJANGO_SUPERUSER_PASSWORD ?= local-admin-password

.PHONY: run test lint bench install migrate demo admin-login messages clean

$(STAMP): requirements.txt requirements-dev.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	touch $(STAMP)

# The English and Russian interface catalogues, compiled from locale/*/LC_MESSAGES/django.po.
install: $(STAMP)
	$(BIN)/python manage.py compile_catalogues --verbosity 0

## Gather new interface strings into the catalogues (needs GNU gettext), then translate
## the Russian ones in locale/ru/LC_MESSAGES/django.po; the English fill themselves.
messages: install
	$(BIN)/python manage.py makemessages --locale en --locale ru --no-location --no-obsolete \
	  --ignore '.venv/*' --ignore 'var/*' --ignore 'tests/*' --ignore 'bench/*'
	$(BIN)/python manage.py compile_catalogues --fill en

migrate: install
	$(BIN)/python manage.py migrate --noinput

demo: migrate
	$(BIN)/python manage.py load_demo_content

admin-login: migrate
	@out=$$($(BIN)/python manage.py createsuperuser --noinput 2>&1) || case "$$out" in \
	  *"already taken"*) ;; \
	  *) echo "$$out"; exit 1 ;; \
	esac
	@echo "Admin: http://127.0.0.1:8000/admin/  user: $(DJANGO_SUPERUSER_USERNAME)  password: $(DJANGO_SUPERUSER_PASSWORD)"

## Serve the site with demo content on http://127.0.0.1:8000 (SQLite unless DATABASE_URL is set).
run: demo admin-login
	$(BIN)/python manage.py runserver 127.0.0.1:8000

## Run the whole test suite (SQLite unless DATABASE_URL is set).
test: install
	$(BIN)/python -m pytest

## Benchmark the public pages (needs wrk); ITEMS=N items, DATABASE_URL for PostgreSQL.
ITEMS ?= 10000
bench: install
	$(BIN)/python bench/run.py --items $(ITEMS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/bandit --quiet --recursive cstosite news press pagecache languages accounts backup bench --exclude '*/migrations/*' --severity-level medium
	$(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/python manage.py check

clean:
	rm -rf $(VENV) var
