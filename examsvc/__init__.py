"""examsvc: the theory-exam question bank and online test service.

``create_app`` builds the Flask application. It creates no tables, runs no migration and asks
nothing: ``examsvc db upgrade`` (or ``examsvc demo``) prepares the database.
"""

from __future__ import annotations

import os
import sys
import sysconfig
from pathlib import Path
from typing import Any

from flask import Flask, g, request

from examsvc import config as config_module
from examsvc.auth.access import check_access
from examsvc.database import (
    install_postgresql_behaviour,
    install_sqlite_behaviour,
    set_write_intent,
)
from examsvc.extensions import babel, csrf, db, login_manager, migrate
from examsvc.web.errors import register_error_handlers
from examsvc.web.headers import add_security_headers
from examsvc.web.i18n import select_locale
from examsvc.web.proxy import TrustedProxyMiddleware
from examsvc.web.templating import register_templating

PACKAGE_DIR = Path(__file__).resolve().parent
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def resource_dir(name: str, marker: str) -> Path:
    """A top-level folder of the project (``templates``, ``migrations``): the source checkout's,
    else the installed copy that ``pip install .`` puts under ``<prefix>/share/examsvc/``
    (setup.cfg ``data_files``). ``marker`` is a file that must be in it."""
    source = PACKAGE_DIR.parent / name
    if (source / marker).is_file():
        return source
    for prefix in (sysconfig.get_path("data"), sys.prefix):
        installed = Path(prefix) / "share" / "examsvc" / name
        if (installed / marker).is_file():
            return installed
    raise RuntimeError(f"examsvc {name} not found (is the package installed completely?)")


def template_folder() -> str:
    """Where the templates are."""
    return str(resource_dir("templates", "base.html"))


def migrations_folder() -> Path:
    """Where the Alembic migrations are (the checkout's folder when none exists yet)."""
    try:
        return resource_dir("migrations", "env.py")
    except RuntimeError:
        return PACKAGE_DIR.parent / "migrations"


def instance_path() -> str | None:
    """``EXAMSVC_INSTANCE_PATH`` if set, else Flask's default instance folder."""
    path = os.environ.get("EXAMSVC_INSTANCE_PATH")
    return str(Path(path).resolve()) if path else None


def create_app(config: dict[str, Any] | None = None) -> Flask:
    """Build the application.

    Configuration: defaults (examsvc.config), the instance file ``examsvc.cfg``, ``EXAMSVC_*``
    environment variables, then ``config``.

    :raises ConfigError: in production without a proper secret key.
    """
    app = Flask(
        __name__,
        template_folder=template_folder(),
        static_folder="static",
        instance_path=instance_path(),
        instance_relative_config=True,
    )
    load_config(app, config)
    register_extensions(app)
    register_request_hooks(app)
    register_error_handlers(app)
    register_templating(app)
    register_blueprints(app)
    register_cli(app)
    return app


def load_config(app: Flask, overrides: dict[str, Any] | None) -> None:
    """Apply the configuration layers and derive the database URL and secret key."""
    app.config.from_object(config_module.DefaultConfig)
    app.config.from_pyfile(config_module.INSTANCE_CONFIG_FILE, silent=True)
    app.config.from_prefixed_env("EXAMSVC")
    if overrides:
        app.config.update(overrides)
    app.config["SQLALCHEMY_DATABASE_URI"] = config_module.database_url(
        app.config, app.instance_path
    )
    if app.config["SQLALCHEMY_DATABASE_URI"].startswith("postgresql"):
        # fail fast (→ 503) rather than hang when the database host does not answer
        options = dict(app.config["SQLALCHEMY_ENGINE_OPTIONS"])
        options["connect_args"] = {"connect_timeout": 5, **options.get("connect_args", {})}
        app.config["SQLALCHEMY_ENGINE_OPTIONS"] = options
    key = config_module.resolve_secret_key(app.config, app.instance_path)
    config_module.check_secret_key(key, config_module.is_production(app.config))
    app.config["SECRET_KEY"] = key or "insecure-development-key-only"
    if not app.config.get("DATABASE_URL"):
        Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    if app.config["TRUSTED_PROXIES"]:
        app.wsgi_app = TrustedProxyMiddleware(app.wsgi_app, app.config["TRUSTED_PROXIES"])


def register_extensions(app: Flask) -> None:
    """Wire the extensions and the database behaviour."""
    db.init_app(app)
    migrate.init_app(app, db, directory=str(migrations_folder()), render_as_batch=True)
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.session_protection = None  # our server-side sessions do better
    csrf.init_app(app)
    babel.init_app(app, locale_selector=select_locale)
    with app.app_context():
        engine = db.engine
        install_sqlite_behaviour(engine, app.config["SQLITE_BUSY_TIMEOUT_MS"])
        install_postgresql_behaviour(engine)


def register_request_hooks(app: Flask) -> None:
    """Per-request transaction intent, access control and response headers."""

    @app.before_request
    def _begin() -> None:
        g.write_token = set_write_intent(request.method not in SAFE_METHODS)
        check_access()

    @app.after_request
    def _after(response: Any) -> Any:
        from examsvc.auth.hooks import touch_session_if_due

        touch_session_if_due()
        return add_security_headers(response)


def register_blueprints(app: Flask) -> None:
    """Mount every area's blueprint."""
    from examsvc.analysis import bp as analysis_bp
    from examsvc.api import bp as api_bp
    from examsvc.auth import bp as auth_bp
    from examsvc.bank import bp as bank_bp
    from examsvc.contest import bp as contest_bp
    from examsvc.main import bp as main_bp
    from examsvc.marking import bp as marking_bp
    from examsvc.ranking import bp as ranking_bp
    from examsvc.roster import bp as roster_bp
    from examsvc.sitting import bp as sitting_bp

    app.register_blueprint(main_bp)
    app.register_blueprint(auth_bp)
    app.register_blueprint(bank_bp)
    app.register_blueprint(sitting_bp)
    app.register_blueprint(contest_bp, url_prefix="/contest")
    app.register_blueprint(marking_bp, url_prefix="/marking")
    app.register_blueprint(roster_bp)
    app.register_blueprint(ranking_bp)
    app.register_blueprint(analysis_bp)
    app.register_blueprint(api_bp, url_prefix="/api/v1")


def register_cli(app: Flask) -> None:
    """Attach examsvc's command groups to ``app.cli`` (the ``examsvc`` script shows them)."""
    from examsvc.cli import command_groups

    for group in command_groups():
        app.cli.add_command(group)
