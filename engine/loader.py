"""Loading projects, apps and flows (components spec §3.4): every problem, each with a position.

:func:`load` reads ``project.yaml`` (optional), ``<app>/app.yaml`` and ``<app>/flows/*.yaml``,
validates them, builds the executable graph (compiling every script field once) and either
returns a :class:`Project` or raises :class:`LoadError` listing *all* problems, sorted by file,
line and column.
"""
from __future__ import annotations

import re
from pathlib import Path as FsPath
from typing import Any, Callable, Optional

from .component import Component, field_spec
from .errors import CustomErrorType, ErrorTypes
from .fields import DatawayBackend, FieldProblem, ScriptBackend, parse_field
from .graph import FlowGraph, StepNode
from .model import FLOW_NAME, AppFile, FlowFile, ProjectFile, StepSpec, validate_model
from .registry import Registry, default_registry
from .settings import EnvironmentSpec, SettingsSpec, environment_names
from .yamlsrc import Located, Path, Problem, format_path, read_yaml

__all__ = ["load", "load_or_report", "load_flow_texts", "LoadError", "Project", "App", "Builder",
           "MAX_SCOPE_DEPTH"]

MAX_SCOPE_DEPTH = 32


class LoadError(Exception):
    """Loading failed; ``problems`` holds every problem found."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = sorted(problems, key=lambda p: (p.file, p.line, p.column, p.message))
        super().__init__("\n".join(str(p) for p in self.problems))


class App:
    """A loaded app: its flows by name, connections and settings."""

    def __init__(self, name: str, root: Optional[FsPath], settings: dict[str, Any],
                 connections: dict[str, Any]) -> None:
        self.name = name
        self.root = root
        self.settings = settings
        self.connections = connections
        self.flows: dict[str, FlowGraph] = {}
        # environment name -> settings overrides of this app (§9)
        self.environments: dict[str, dict[str, Any]] = {}


class Project:
    """A loaded project: apps, error types and the script backend used to compile fields."""

    def __init__(self, name: str, error_types: ErrorTypes, backend: ScriptBackend,
                 settings: Optional[dict[str, Any]] = None) -> None:
        self.name = name
        self.error_types = error_types
        self.backend = backend
        self.settings = settings or {}
        # declared environment name -> settings overrides (§9); see engine/settings.py
        self.environments: dict[str, dict[str, Any]] = {}
        self.apps: dict[str, App] = {}
        self.default_app: Optional[str] = None

    def flow(self, name: str, app: Optional[str] = None) -> FlowGraph:
        """Flow ``name`` of ``app`` (default app when None); ``app/name`` also works."""
        if "/" in name:
            app, name = name.split("/", 1)
        app_obj = self.apps[app or self.default_app or ""]
        return app_obj.flows[name]

    def resolve_reference(self, target: str, from_app: Optional[str]) -> FlowGraph:
        """The flow a Flow Reference names (same app, or a shared flow of another app)."""
        if "/" in target:
            return self.flow(target)
        return self.flow(target, from_app)


class Builder:
    """Builds the graph of one flow file, collecting problems instead of stopping."""

    def __init__(self, doc: Located, app: str, registry: Registry, backend: ScriptBackend,
                 read_file: Callable[[str], str], problems: list[Problem]) -> None:
        self.doc = doc
        self.app = app
        self.registry = registry
        self.backend = backend
        self.read_file = read_file
        self.problems = problems
        self.ids: dict[str, Path] = {}
        self.scopes: list[type[Component]] = []
        self.nodes: list[StepNode] = []

    # -- problems -------------------------------------------------------------------------
    def render(self, path: Path, node: Optional[StepNode] = None) -> str:
        """A field path for messages: ``<step>.config.x`` inside a step, else from the root."""
        if node is not None and tuple(path[: len(node.yaml_path)]) == node.yaml_path:
            rest = format_path(tuple(path[len(node.yaml_path):]))
            return f"{node.id}.{rest}" if rest else node.id
        return format_path(tuple(path))

    def error(self, path: Path, message: str, node: Optional[StepNode] = None, *,
              key: bool = False, at: Optional[tuple[int, int]] = None) -> None:
        """Record a problem at ``path`` (or at the absolute position ``at``)."""
        line, col = at if at is not None else self.doc.position(path, key=key)
        self.problems.append(Problem(self.doc.file, line, col, self.render(path, node), message))

    # -- steps --------------------------------------------------------------------------
    def steps(self, raw: Any, rel: Path, parent: Optional[StepNode], *,
              required: bool = True) -> list[StepNode]:
        """Build a step list found at ``parent.yaml_path + rel``."""
        base = (parent.yaml_path if parent is not None else ()) + tuple(rel)
        if raw is None:
            if required:
                self.error(base[:-1], f"missing required field {base[-1]!r}", parent)
            return []
        if not isinstance(raw, list):
            self.error(base, "must be a list of steps", parent)
            return []
        out = []
        for i, item in enumerate(raw):
            node = self.step(item, base + (i,))
            if node is not None:
                out.append(node)
        return out

    def step(self, raw: Any, path: Path, *, trigger: bool = False) -> Optional[StepNode]:
        """Validate and build one step (or the trigger) at ``path``."""
        if not isinstance(raw, dict):
            self.error(path, "a step must be a mapping with id and type")
            return None
        step_id = raw.get("id")
        label = step_id if isinstance(step_id, str) else format_path(path)
        spec = validate_model(StepSpec, raw, self.doc, path, self.problems,
                              render=lambda p: _relative(label, path, p))
        if spec is None:
            return None
        assert isinstance(spec, StepSpec)
        if spec.id in self.ids:
            line, _ = self.doc.position(self.ids[spec.id])
            self.error(path + ("id",), f"duplicate step id {spec.id!r} (first used on line "
                       f"{line})")
        self.ids.setdefault(spec.id, path)
        cls = self.registry.get(spec.type)
        node = StepNode(spec.id, spec.type, tuple(path), connection=spec.connection,
                        description=spec.description)
        node.extra["app"] = self.app
        if cls is None:
            self.error(path + ("type",), f"unknown component type {spec.type!r}", node)
            return None
        if cls.is_trigger != trigger:
            where = "a trigger" if cls.is_trigger else "not a trigger"
            self.error(path + ("type",), f"component {spec.type!r} is {where}", node)
            return None
        for key in ("steps", "branches", "default", "catch"):
            if key in raw and key not in cls.bodies:
                self.error(path + (key,), f"unknown key {key!r} for component {spec.type!r}",
                           node, key=True)
        config = validate_model(cls.Config, spec.config, self.doc, path + ("config",),
                                self.problems, render=lambda p: self.render(p, node))
        node.config = config
        # Script fields are compiled even when a static field is wrong, so their check errors
        # are reported in the same pass.
        for name, info in cls.Config.model_fields.items():
            dyn = field_spec(cls.Config, name)
            key = info.alias or name  # the YAML key (an alias where the name is a keyword)
            if dyn is not None and key in spec.config:
                self.field(node, ("config", key), spec.config[key], dyn[0], check=dyn[1],
                           key=key)
        if len(self.scopes) >= MAX_SCOPE_DEPTH and cls.bodies:
            self.error(path, f"scopes nested deeper than {MAX_SCOPE_DEPTH}", node)
            return None
        self.scopes.append(cls)
        try:
            cls.build_bodies(self, node, raw)
        finally:
            self.scopes.pop()
        node.component = cls(node)
        if config is not None:
            node.component.validate(self)
        self.nodes.append(node)
        return node

    def field(self, node: StepNode, rel: Path, raw: Any, field_type: str, *,
              check: Optional[Callable[[Any], Optional[str]]] = None,
              key: Optional[str] = None) -> None:
        """Compile the Dataway field at ``node.yaml_path + rel`` into ``node.fields[key]``."""
        path = node.yaml_path + tuple(rel)
        rendered = self.render(path, node)
        try:
            node.fields[key or format_path(tuple(rel))] = parse_field(
                raw, field_type, name=f"{self.doc.file}:{rendered}", label=rendered,
                backend=self.backend, read_file=self.read_file,
                block=self.doc.blocks.get(path + tuple(k for k in ("text", "expr", "code")
                                                       if isinstance(raw, dict) and k in raw)),
                check=check)
        except FieldProblem as first:
            for problem in [first, *first.more]:
                at = (problem.line, problem.column) if problem.line is not None else None
                self.error(path + problem.subpath, problem.message, node, at=at)

    def loop_control(self, node: StepNode, kind: str) -> None:
        """Check Break/Continue placement (§6.2): inside a loop, not across a boundary."""
        for scope in reversed(self.scopes):
            if scope.loop:
                return
            if scope.boundary:
                self.error(node.yaml_path, f"{kind} cannot cross {scope.boundary}", node)
                return
        self.error(node.yaml_path, f"{kind} is only allowed inside For Each or While", node)


def _relative(label: str, base: Path, full: Path) -> str:
    rest = format_path(tuple(full[len(base):]))
    return f"{label}.{rest}" if rest else label


def build_flow(doc: Located, app: str, registry: Registry, backend: ScriptBackend,
               read_file: Callable[[str], str], problems: list[Problem]) -> Optional[FlowGraph]:
    """Validate a flow document and build its graph (None when the file is unusable)."""
    problems.extend(doc.problems)
    if doc.value is None:
        if not doc.problems:
            problems.append(Problem(doc.file, 1, 1, "", "empty flow file"))
        return None
    if not isinstance(doc.value, dict):
        problems.append(Problem(doc.file, 1, 1, "", "a flow file must be a mapping"))
        return None
    raw = doc.value
    # Steps and the trigger are validated one by one below, so their errors carry step paths.
    shape = {k: v for k, v in raw.items() if k != "trigger"}
    if isinstance(shape.get("steps"), list):
        shape["steps"] = []
    validate_model(FlowFile, shape, doc, (), problems)
    builder = Builder(doc, app, registry, backend, read_file, problems)
    trigger = None
    if isinstance(raw.get("trigger"), dict):
        trigger = builder.step(raw["trigger"], ("trigger",), trigger=True)
    elif raw.get("trigger") is not None:
        builder.error(("trigger",), "trigger must be a mapping")
    steps = builder.steps(raw.get("steps"), ("steps",), None, required="steps" in raw) \
        if isinstance(raw.get("steps"), list) else []
    name = raw.get("flow") if isinstance(raw.get("flow"), str) else FsPath(doc.file).stem
    graph = FlowGraph(name=name, file=doc.file, app=app, shared=bool(raw.get("shared", False)),
                      trigger=trigger, steps=steps, description=raw.get("description"))
    graph.nodes = builder.nodes
    graph.doc = doc
    return graph


def load_or_report(path: str | FsPath, out: Any) -> Optional[Project]:
    """:func:`load`, or None after writing every load problem to ``out`` (one per line):
    what each command does before it can work on a project."""
    try:
        return load(path)
    except LoadError as exc:
        for problem in exc.problems:
            out.write(f"{problem}\n")
        return None


def load(path: str | FsPath, *, backend: Optional[ScriptBackend] = None,
         registry: Optional[Registry] = None) -> Project:
    """Load a project directory, or an app directory (a project of its own, §3.1)."""
    root = FsPath(path)
    backend = backend or DatawayBackend()
    registry = registry or default_registry()
    problems: list[Problem] = []
    project_dir = root if (root / "project.yaml").is_file() else (
        root.parent if (root.parent / "project.yaml").is_file() else None)
    pfile = None
    if project_dir is not None:
        doc = _read(project_dir / "project.yaml", project_dir, problems)
        if doc is not None and doc.value is not None:
            pfile = validate_model(ProjectFile, doc.value, doc, (), problems)
            if isinstance(pfile, ProjectFile):
                customs = [CustomErrorType(e.code, e.parent, e.description)
                           for e in pfile.error_types]
                for i, fieldname, message in ErrorTypes.problems(customs):
                    line, col = doc.position(("error_types", i, fieldname))
                    problems.append(Problem(doc.file, line, col,
                                            f"error_types[{i}].{fieldname}", message))
    customs = [CustomErrorType(e.code, e.parent, e.description)
               for e in (pfile.error_types if isinstance(pfile, ProjectFile) else [])]
    project = Project(pfile.project if isinstance(pfile, ProjectFile) else root.name,
                      ErrorTypes(customs), backend,
                      pfile.settings if isinstance(pfile, ProjectFile) else {})
    if isinstance(pfile, ProjectFile) and doc is not None:
        validate_model(SettingsSpec, pfile.settings, doc, ("settings",), problems)
        project.environments = _project_environments(pfile.environments, doc, problems)
    if project_dir is not None:
        # Every app of the project loads, so cross-app Flow References resolve; an app
        # directory given explicitly becomes the default app.
        app_dirs = sorted(p for p in project_dir.iterdir() if (p / "app.yaml").is_file()
                          or (p / "flows").is_dir())
    else:
        app_dirs = [root]
    base = project_dir or root
    default = None
    for app_dir in app_dirs:
        name = _load_app(app_dir, base, project, registry, problems)
        if app_dir.resolve() == root.resolve():
            default = name
    if project.apps:
        project.default_app = default or next(iter(project.apps))
    _check_project(project, problems)
    if problems:
        raise LoadError(problems)
    return project


def _project_environments(raw: Any, doc: Located,
                          problems: list[Problem]) -> dict[str, dict[str, Any]]:
    """``environments`` of project.yaml: a list of names, or names -> {settings, description}."""
    out: dict[str, dict[str, Any]] = {}
    if raw is None:
        return out
    if isinstance(raw, list):
        entries: list[tuple[Any, Any, tuple[Any, ...]]] = [(n, None, (i,))
                                                          for i, n in enumerate(raw)]
    elif isinstance(raw, dict):
        entries = [(n, v, (n,)) for n, v in raw.items()]
    else:
        line, col = doc.position(("environments",))
        problems.append(Problem(doc.file, line, col, "environments",
                                "must be a list of names or a mapping of name -> settings"))
        return out
    for name, value, sub in entries:
        where = ("environments",) + sub
        if not isinstance(name, str) or not re.match(FLOW_NAME, name):
            line, col = doc.position(where, key=isinstance(raw, dict))
            problems.append(Problem(doc.file, line, col, format_path(where),
                                    f"{name!r} is not an environment name"))
            continue
        if value is not None:
            validate_model(EnvironmentSpec, value, doc, where, problems)
        out[name] = dict((value or {}).get("settings") or {}) if isinstance(value, dict) else {}
    return out


def _app_environments(raw: dict[str, Any], project: Project, doc: Located,
                      problems: list[Problem]) -> dict[str, dict[str, Any]]:
    """``environments`` of app.yaml: overrides of declared environments only."""
    out: dict[str, dict[str, Any]] = {}
    known = environment_names(project)
    for name, value in raw.items():
        where = ("environments", name)
        if name not in known:
            line, col = doc.position(where, key=True)
            problems.append(Problem(doc.file, line, col, format_path(where),
                                    f"unknown environment {name!r}; declared: "
                                    + ", ".join(known)))
            continue
        if validate_model(EnvironmentSpec, value or {}, doc, where, problems) is not None:
            out[name] = dict((value or {}).get("settings") or {})
    return out


def _read(file: FsPath, base: FsPath, problems: list[Problem]) -> Optional[Located]:
    rel = _rel(file, base)
    try:
        text = file.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        problems.append(Problem(rel, 1, 1, "", f"cannot read file: {exc}"))
        return None
    return read_yaml(text, rel)


def _rel(file: FsPath, base: FsPath) -> str:
    try:
        return file.relative_to(base).as_posix()
    except ValueError:
        return file.as_posix()


def _load_app(app_dir: FsPath, base: FsPath, project: Project, registry: Registry,
              problems: list[Problem]) -> str:
    """Load one app directory into ``project``; returns the app's name."""
    settings: dict[str, Any] = {}
    connections: dict[str, Any] = {}
    overrides: dict[str, dict[str, Any]] = {}
    name = app_dir.name
    if (app_dir / "app.yaml").is_file():
        doc = _read(app_dir / "app.yaml", base, problems)
        if doc is not None:
            problems.extend(doc.problems)
            afile = validate_model(AppFile, doc.value or {}, doc, (), problems)
            if isinstance(afile, AppFile):
                name, settings, connections = afile.app, afile.settings, dict(afile.connections)
                validate_model(SettingsSpec, settings, doc, ("settings",), problems)
                overrides = _app_environments(afile.environments, project, doc, problems)
    app = App(name, app_dir, settings, connections)
    app.environments = overrides
    project.apps[name] = app

    def read_script(rel_path: str) -> str:
        target = (app_dir / rel_path).resolve()
        if app_dir.resolve() not in target.parents:
            raise OSError(f"{rel_path!r} is outside the app")
        return target.read_text(encoding="utf-8")

    flow_files = sorted((app_dir / "flows").glob("*.yaml")) if (app_dir / "flows").is_dir() else []
    for file in flow_files:
        doc = _read(file, base, problems)
        if doc is None:
            continue
        graph = build_flow(doc, name, registry, project.backend, read_script, problems)
        if graph is None:
            continue
        if graph.name in app.flows:
            line, col = doc.position(("flow",))
            problems.append(Problem(doc.file, line, col, "flow",
                                    f"duplicate flow name {graph.name!r} (also in "
                                    f"{app.flows[graph.name].file})"))
            continue
        app.flows[graph.name] = graph
    return name


def load_flow_texts(files: dict[str, str], *, app: str = "app",
                    backend: Optional[ScriptBackend] = None, registry: Optional[Registry] = None,
                    error_types: Optional[list[CustomErrorType]] = None,
                    scripts: Optional[dict[str, str]] = None,
                    connections: Optional[dict[str, Any]] = None) -> Project:
    """Load flows from in-memory texts (``{"flows/x.yaml": text}``): tests and embedders."""
    backend = backend or DatawayBackend()
    registry = registry or default_registry()
    problems: list[Problem] = []
    customs = list(error_types or [])
    for i, fieldname, message in ErrorTypes.problems(customs):
        problems.append(Problem("project.yaml", 1, 1, f"error_types[{i}].{fieldname}", message))
    project = Project("project", ErrorTypes(customs), backend)
    app_obj = App(app, None, {}, dict(connections or {}))
    project.apps[app] = app_obj
    project.default_app = app
    scripts = scripts or {}

    def read_script(rel_path: str) -> str:
        if rel_path not in scripts:
            raise FileNotFoundError(2, "No such file", rel_path)
        return scripts[rel_path]

    for file, text in files.items():
        graph = build_flow(read_yaml(text, file), app, registry, backend, read_script, problems)
        if graph is not None:
            if graph.name in app_obj.flows:
                problems.append(Problem(file, 1, 1, "flow", f"duplicate flow name {graph.name!r}"))
            app_obj.flows[graph.name] = graph
    _check_project(project, problems)
    if problems:
        raise LoadError(problems)
    return project


def _check_project(project: Project, problems: list[Problem]) -> None:
    """Cross-file checks: Flow Reference targets, error types, connections."""
    for app in project.apps.values():
        for graph in app.flows.values():
            for node in graph.nodes:
                if node.connection is not None and node.connection not in app.connections:
                    line, col = _position_in(graph, node.yaml_path + ("connection",))
                    problems.append(Problem(graph.file, line, col, f"{node.id}.connection",
                                            f"unknown connection {node.connection!r}"))
                    continue
                check = getattr(node.component, "check_project", None)
                if check is not None:
                    for path, message in check(project, app):
                        line, col = _position_in(graph, path)
                        rendered = node.id + "." + format_path(tuple(path[len(node.yaml_path):]))
                        problems.append(Problem(graph.file, line, col, rendered, message))


def _position_in(graph: FlowGraph, path: Path) -> tuple[int, int]:
    return graph.doc.position(path) if graph.doc is not None else (1, 1)
