#!/usr/bin/env python3
"""run_catalogue.py --cli CLI --app APP --work DIR --case NAME: runs one case of cases.json (the hostile-input
catalogue, issue 10) and exits 0 when it holds, 1 with the reason when it does not, 77 when it cannot run here
(no X server for an app-window case). Inputs too big to commit are made here by the generators below."""
import argparse
import copy
import json
import os
import resource
import shutil
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
LESSONS = os.path.join(HERE, "..", "..", "assets", "lessons")
DEPTH = 70000  # the 65,000+ nested "[" crashed the CLI and the app


def lesson01():
    with open(os.path.join(LESSONS, "01-map-three-sites.json"), encoding="utf-8") as f:
        return json.load(f)


def write(path, text):
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)


def recorded(cli, work, bundle=False):
    """A real recording of lesson 01 (trace or bundle), made by the CLI under test."""
    out = os.path.join(work, "base.poolscope.json" if bundle else "base.json")
    flag = "--bundle" if bundle else "--trace"
    subprocess.run([cli, "run", "01-map-three-sites", "--virtual-time", flag, out], check=True,
                   stdout=subprocess.DEVNULL, timeout=60)
    with open(out, encoding="utf-8") as f:
        return f.read()


def events_of(doc, kind):
    return [e for e in doc["poolscope"]["events"] if e["kind"] == kind]


def mutate_trace(doc, mutation):
    p = doc["poolscope"]
    ev = p["events"]
    if mutation == "task_ids_jump":
        for i, e in enumerate(ev[:10]):
            e["task"] = (i + 1) << 20
    elif mutation == "long_title":
        p["title"] = "t" * 2_000_000
    elif mutation == "reversed_time":
        ev[5]["time_ns"] = -100
    elif mutation == "duplicate_sequence":
        ev[6]["sequence"] = ev[5]["sequence"]
    elif mutation == "lane_65535":
        ev[8]["thread"] = 65535
    elif mutation == "unknown_task":
        next(e for e in ev if e["task"] != 0)["task"] = 9
    elif mutation == "started_twice":
        started = events_of(doc, "task_started")
        started[1]["task"] = started[0]["task"]
    elif mutation == "unspawned_worker":
        events_of(doc, "worker_spawned")[0]["value"] = 7
    elif mutation == "output_index":
        events_of(doc, "output")[0]["value"] = 99
    elif mutation == "long_texts":
        # Valid, at every cap: the app must draw it without tripping over the text sizes.
        p["title"] = "T" * 1000
        p["thread_name_prefix"] = "P" * 1000
        p["task_names"] = ["n" * 100_000 for _ in p["task_names"]]
        p["task_results"] = ["r" * 100_000 for _ in p["task_results"]]
        p["output"] = ["o" * 100_000 for _ in p["output"]]
        p["program"] = ["#" + "c" * 100_000 for _ in p["program"]]
    else:
        raise ValueError("unknown trace mutation " + mutation)


def mutate_lesson(d, what, spec):
    if what in ("thread_name_prefix", "title"):
        d[what] = "x" * spec["bytes"]
    elif what == "explanation":
        d[what] = "word " * (spec["bytes"] // 5)
    elif what == "steps":
        d["tasks"][0]["steps"] = [{"io_ms": 1}] * spec["count"]
    elif what == "title_escape":
        d["title"] = "T\x1b]0;owned\x07"
    elif what == "escape_outputs":
        name = "evil\x1b]0;owned\x07"
        old = d["tasks"][0]["name"]
        d["tasks"][0]["name"] = name
        d["main"][0]["map"] = [name if n == old else n for n in d["main"][0]["map"]]
        d["main"][0]["print"] = "{name}: {result} \x1b[31mred"
    elif what == "escape_key":
        d["\x1b]0;owned\x07"] = 1
    elif what == "args_newline":
        d["tasks"][0]["args"] = "'a'\nimport os"
    elif what == "args_comment":
        d["tasks"][0]["args"] = "'a' # x"
    elif what == "args_close":
        d["tasks"][0]["args"] = "'a'), print('x'"
    elif what == "returns_comma":
        d["tasks"][0]["returns"] = "'A', 2"
    elif what == "body_newline":
        d["functions"][0]["body"] = ["time.sleep(1)\nimport os", "return 1"]
    else:
        raise ValueError("unknown lesson change " + what)


def make_input(spec, case, cli, work):
    path = os.path.join(work, case["name"] + spec.get("suffix", ".json"))
    if "path" in spec:
        return spec["path"]
    if "file" in spec:
        return os.path.join(HERE, spec["file"])
    gen = spec["generator"]
    if gen == "nested":
        deep = "[" * DEPTH + "]" * DEPTH
        where = spec["where"]
        if where == "root":
            write(path, deep)
        elif where == "title":
            write(path, '{"title": ' + deep + "}")
        elif where == "poolscope":
            write(path, '{"poolscope": ' + deep + "}")
        elif where == "bundle_text":
            doc = json.loads(recorded(cli, work, bundle=True))
            doc["poolscope_bundle"]["lesson"]["text"] = deep
            write(path, json.dumps(doc))
    elif gen == "fifo":
        os.mkfifo(path)
    elif gen == "symlink":
        os.symlink(spec["target"], path)
    elif gen == "sparse":
        with open(path, "wb") as f:
            f.truncate(spec["bytes"])  # no disk used: a hole
    elif gen == "directory":
        os.mkdir(path)
    elif gen == "trace":
        doc = json.loads(recorded(cli, work))
        mutate_trace(doc, spec["mutation"])
        write(path, json.dumps(doc))
    elif gen == "bundle":
        text = recorded(cli, work, bundle=True)
        assert spec["mutation"] == "speed_1e309" and '"speed": 1.0' in text
        write(path, text.replace('"speed": 1.0', '"speed": 1e309', 1))
    elif gen == "lesson":
        d = lesson01()
        if spec["set"] == "nul_key":
            text = json.dumps(d).replace('"title"', '"ti\\u0000tle"', 1)
        else:
            mutate_lesson(d, spec["set"], spec)
            text = json.dumps(d)
        write(path, text)
    elif gen == "many_tasks":
        tasks = ",".join(["{}"] * spec["count"])
        write(path, '{"title": "T", "explanation": "", "functions": [{"name": "f"}], "tasks": [' + tasks +
              '], "main": [{"print": "x"}]}')
    else:
        raise ValueError("unknown generator " + gen)
    return path


def raw_controls(data):
    return sorted({b for b in data if (b < 0x20 and b not in (9, 10)) or b == 0x7F})


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--cli", required=True)
    ap.add_argument("--app", required=True)
    ap.add_argument("--work", required=True)
    ap.add_argument("--case", required=True)
    a = ap.parse_args()
    with open(os.path.join(HERE, "cases.json"), encoding="utf-8") as f:
        case = next(c for c in json.load(f)["cases"] if c["name"] == a.case)
    work = os.path.join(a.work, case["name"])
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(work)

    entry = case["entry"]
    env = dict(os.environ)
    env["COLUMNS"] = "100"
    if entry == "cli":
        command = [a.cli]
    else:
        command = [a.app]
        env.pop("DISPLAY", None)
        env.pop("WAYLAND_DISPLAY", None)
        if entry == "app-window":
            xvfb = shutil.which("xvfb-run")
            if not xvfb:
                print("SKIPPED: xvfb-run not found")
                return 77
            command = [xvfb, "-a", "-s", "-screen 0 1600x900x24", a.app]
    inp = make_input(case["input"], case, a.cli, work) if "input" in case else None
    args = [x.replace("{input}", inp) if inp else x for x in case["args"]]
    try:
        done = subprocess.run(command + args, cwd=work, env=env, stdin=subprocess.DEVNULL,
                              capture_output=True, timeout=60 if entry == "app-window" else 20)
    except subprocess.TimeoutExpired:
        print("FAIL: %s hung (killed after the timeout)" % case["name"])
        return 1
    out, err = done.stdout, done.stderr
    text_err = err.decode("utf-8", "replace")
    text_out = out.decode("utf-8", "replace")
    problems = []
    if done.returncode != case["exit"]:
        problems.append("exit code %d, expected %d" % (done.returncode, case["exit"]))
    for word in case.get("words", []):
        if word not in text_err:
            problems.append("stderr lacks %r" % word)
    for word in case.get("stdout_words", []):
        if word not in text_out:
            problems.append("stdout lacks %r" % word)
    for name, data in (("stdout", out), ("stderr", err)):
        if entry != "app-window" and raw_controls(data):
            problems.append("%s has raw control characters %s" % (name, raw_controls(data)))
    rss_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    if not os.environ.get("POOLSCOPE_SANITIZED") and rss_mb > case.get("max_rss_mb", 400):
        problems.append("peak RSS %.0f MB, expected at most %d MB" % (rss_mb, case.get("max_rss_mb", 400)))
    print("%s (issue 10 item %s): %s %s, exit %d, peak RSS %.0f MB" %
          (case["name"], case["item"], entry, " ".join(a[:80] for a in args), done.returncode, rss_mb))
    print("stderr: " + text_err[:600])
    if problems:
        print("stdout: " + text_out[:600])
        print("FAIL: " + "; ".join(problems))
        return 1
    print("PASS")
    return 0


if __name__ == "__main__":
    sys.exit(main())
