#!/usr/bin/env bash
# The CI drift recipes of examples/ci run as their CI systems would run them, against
# fgform-emulator and a private PostgreSQL holding the state (issue 10, item 4):
#   * examples/ci/infra is applied by "the apply pipeline" (fgform, state in pg);
#   * the GitHub Actions workflow's `run:` steps (all but "Install fgform"; `uses:` steps are
#     GitHub's own) run in order under `sh -e`, in their working-directory, honouring
#     `if: always()` after a failed step, with GITHUB_STEP_SUMMARY set; the GitLab job's
#     `script:` (not before_script, the install) runs as one `sh -e` script from the repository;
#   * clean: both jobs succeed, the files their upload/JUnit steps name exist and say "no drift";
#   * after out-of-band changes: both jobs fail (drift exits 2), the summary and the JUnit file
#     name the drifted resources, and the reports are still there for the artifact steps;
#   * the recipes never write the state.
# Fails (does not skip) when PostgreSQL cannot start or python3-yaml is missing.
set -euo pipefail
fgform="$1"
emulator="$2"
api="$3"
here="$(cd "$(dirname "$0")" && pwd)"
recipes="$here/../../examples/ci"

source "$here/terraform_env.sh"
source "$here/postgres_env.sh"
make_workdir
before_cleanup() { stop_postgres; }
python3 -c 'import yaml' 2>/dev/null || fail "python3-yaml is missing (scripts/install-deps.sh installs it)"
start_postgres "$work/pg"
export HW_ACCESS_KEY=CIRECIPEAK000000001 HW_SECRET_KEY=ci-recipe-secret HW_REGION_NAME=cn-north-4
unset TF_WORKSPACE TF_DATA_DIR TF_CLI_CONFIG_FILE
start_emulator "$emulator"
export FGFORM_ENDPOINT="$url" TF_VAR_endpoint="$url"

# The repository the recipes are copied into, with `fgform` on the PATH as the .deb installs it.
repo="$work/repo"
copy_example "$recipes/infra" "$repo/infra"
mkdir -p "$work/bin"
ln -s "$(cd "$(dirname "$fgform")" && pwd)/$(basename "$fgform")" "$work/bin/fgform"
export PATH="$work/bin:$PATH"

# The apply pipeline.
(cd "$repo/infra" && fgform init -input=false >"$work/init.log" 2>&1) ||
  fail "init of examples/ci/infra: $(cat "$work/init.log")"
(cd "$repo/infra" && fgform apply -auto-approve -input=false >"$work/apply.log" 2>&1) ||
  fail "apply of examples/ci/infra: $(cat "$work/apply.log")"
grep -q "Resources: 3 added" "$work/apply.log" || fail "apply did not add 3: $(cat "$work/apply.log")"
[ ! -e "$repo/infra/terraform.tfstate" ] || fail "the pg backend wrote a local state file"
serial() { (cd "$repo/infra" && fgform state pull) | python3 -c 'import json,sys; print(json.load(sys.stdin)["serial"])'; }
applied_serial="$(serial)"

# Runs one recipe's job; prints one JSON object: the job's exit status, each step's status,
# and the paths its artifact/report steps name.
run_recipe() {  # $1 github|gitlab, $2 YAML file, $3 step summary file
  python3 - "$1" "$2" "$repo" "$3" "$work/recipe.log" <<'PY'
import glob, json, os, re, subprocess, sys, yaml
kind, path, repo, summary, log_path = sys.argv[1:6]
log = open(log_path, "a")
doc = yaml.safe_load(open(path))
expr = re.compile(r"\$\{\{")
result = {"steps": [], "paths": []}
def run(script, cwd, env):
    if expr.search(script):
        sys.exit("a tested step uses a ${{ }} expression, which only GitHub can fill in: " + script)
    log.write("$ " + script + "\n")
    log.flush()
    return subprocess.run(["sh", "-e", "-c", script], cwd=cwd, env=env, stdout=log,
                          stderr=subprocess.STDOUT).returncode
env = dict(os.environ)
if kind == "github":
    job = doc["jobs"]["drift"]
    for k, v in job.get("env", {}).items():
        v = str(v)
        if expr.search(v):
            if k not in os.environ:
                sys.exit("the test does not provide " + k)
        else:
            env[k] = v
    env["GITHUB_STEP_SUMMARY"] = summary
    failed = False
    for step in job["steps"]:
        cond = str(step.get("if", "success()"))
        if failed and "always()" not in cond:
            result["steps"].append({"name": step.get("name", ""), "status": "skipped"})
            continue
        if "uses" in step:
            with_ = step.get("with", {})
            for key in ("path", "report_paths"):
                if key in with_:
                    result["paths"].append({"step": step.get("name", step["uses"]),
                                            "files": sorted(glob.glob(os.path.join(repo, with_[key])))})
            continue
        if step.get("id") == "install":
            continue
        cwd = os.path.join(repo, step.get("working-directory", "."))
        rc = run(step["run"], cwd, env)
        result["steps"].append({"name": step.get("name", ""), "status": rc})
        failed = failed or rc != 0
    result["job"] = 1 if failed else 0
else:
    job = doc["drift"]
    for k, v in job.get("variables", {}).items():
        env[k] = str(v)
    rc = run("\n".join(job["script"]), repo, env)
    result["steps"].append({"name": "script", "status": rc})
    result["job"] = 1 if rc else 0
    arts = job["artifacts"]
    result["paths"].append({"step": "artifacts", "want": len(arts["paths"]),
                            "files": [p for p in arts["paths"] if os.path.exists(os.path.join(repo, p))]})
    result["paths"].append({"step": "junit", "want": 1,
                            "files": [arts["reports"]["junit"]] if os.path.exists(os.path.join(repo, arts["reports"]["junit"])) else []})
print(json.dumps(result))
PY
}

# $1 result JSON, $2 Python condition on r (the result)
check() {
  python3 -c 'import json,sys; r=json.loads(sys.argv[1]); sys.exit(0 if eval(sys.argv[2]) else 1)' "$1" "$2" ||
    fail "$3: $1; the job's output: $(cat "$work/recipe.log")"
}
junit_failures() {  # $1 JUnit file → failures attribute of the root
  python3 -c 'import sys, xml.etree.ElementTree as E; r=E.parse(sys.argv[1]).getroot(); print(r.get("failures"))' "$1"
}
clean_reports() { rm -f "$repo"/infra/drift.* "$work/recipe.log"; }

# 1. Clean: both jobs succeed.
clean_reports
: >"$work/summary.md"
gh="$(run_recipe github "$recipes/github-actions/drift.yml" "$work/summary.md")"
check "$gh" 'r["job"] == 0 and all(s["status"] in (0,) for s in r["steps"])' "GitHub job on a clean environment"
check "$gh" 'any(p["step"] == "Keep the reports" and len(p["files"]) == 3 for p in r["paths"])' "upload-artifact path"
check "$gh" 'any(p["step"] == "Publish the JUnit report" and len(p["files"]) == 1 for p in r["paths"])' "JUnit path"
grep -q "No drift" "$work/summary.md" || fail "step summary: $(cat "$work/summary.md")"
[ "$(junit_failures "$repo/infra/drift.xml")" = 0 ] || fail "clean JUnit: $(cat "$repo/infra/drift.xml")"
echo "ok: GitHub Actions recipe passes on a clean environment"
clean_reports
gl="$(run_recipe gitlab "$recipes/gitlab/.gitlab-ci.yml" /dev/null)"
check "$gl" 'r["job"] == 0' "GitLab job on a clean environment"
check "$gl" 'all(len(p["files"]) == p["want"] for p in r["paths"])' "GitLab artifacts"
echo "ok: GitLab CI recipe passes on a clean environment"

# 2. Changes out of band: both jobs fail, and say what drifted.
urn="$(cd "$repo/infra" && fgform state show functiongraph_function.orders | python3 -c 'import json,sys; print(json.loads(sys.stdin.read().split("\n",1)[1])["id"])')"
"$api" POST "/v2/{project_id}/functions/$urn/tags/create" '{"tags":[{"key":"team","value":"changed-by-hand"}]}' \
  >"$work/api.log" 2>&1 || fail "out-of-band tag: $(cat "$work/api.log")"
"$api" PUT "/v2/{project_id}/fgs/functions/${urn%:latest}/aliases/live" '{"version":"v1","description":"changed by hand"}' \
  >"$work/api.log" 2>&1 || fail "out-of-band alias: $(cat "$work/api.log")"
clean_reports
: >"$work/summary.md"
gh="$(run_recipe github "$recipes/github-actions/drift.yml" "$work/summary.md")"
check "$gh" 'r["job"] == 1' "GitHub job must fail on drift"
check "$gh" '[s["status"] for s in r["steps"] if s["name"] == "Check for drift"] == [2]' "drift step must exit 2"
check "$gh" '[s["status"] for s in r["steps"] if s["name"] == "Summary"] == [0]' "Summary step must run after the failure"
check "$gh" 'any(p["step"] == "Keep the reports" and len(p["files"]) == 3 for p in r["paths"])' "reports kept after drift"
grep -q "functiongraph_function.orders" "$work/summary.md" || fail "summary does not name the function: $(cat "$work/summary.md")"
grep -q "functiongraph_alias.live" "$work/summary.md" || fail "summary does not name the alias: $(cat "$work/summary.md")"
[ "$(junit_failures "$repo/infra/drift.xml")" = 2 ] || fail "drift JUnit: $(cat "$repo/infra/drift.xml")"
echo "ok: GitHub Actions recipe fails on drift, with the summary and reports"
clean_reports
gl="$(run_recipe gitlab "$recipes/gitlab/.gitlab-ci.yml" /dev/null)"
check "$gl" 'r["job"] == 1 and r["steps"][0]["status"] == 2' "GitLab job must fail with exit 2 on drift"
check "$gl" 'all(len(p["files"]) == p["want"] for p in r["paths"])' "GitLab artifacts after drift"
grep -q 'functiongraph_alias.live' "$repo/infra/drift.xml" || fail "GitLab JUnit: $(cat "$repo/infra/drift.xml")"
echo "ok: GitLab CI recipe fails on drift, with its reports"

[ "$(serial)" = "$applied_serial" ] || fail "a drift recipe wrote the state"
grep -q "$PG_TEST_PASSWORD" "$work"/*.log "$repo"/infra/drift.* && fail "the database password was printed"
echo "ok: the recipes never write the state"
