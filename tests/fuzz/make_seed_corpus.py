#!/usr/bin/env python3
"""Writes the seed corpora of the fuzz targets (tests/fuzz/corpus/<target>/seed-*)
from samples/, pipeline/ and a few hand-picked cases like those of the unit
tests. Regression inputs (regression-*) are kept. Run from anywhere; the output
is deterministic, so re-running it changes nothing unless the sources changed."""
import gzip
import pathlib
import re
import subprocess

ROOT = pathlib.Path(__file__).resolve().parents[2]
CORPUS = ROOT / "tests/fuzz/corpus"


def write(target, files):
    d = CORPUS / target
    d.mkdir(parents=True, exist_ok=True)
    for old in d.glob("seed-*"):
        old.unlink()
    for name, data in files.items():
        (d / f"seed-{name}").write_bytes(data)


def lines(path, every):
    all_lines = (ROOT / path).read_bytes().split(b"\n")
    return [l for i, l in enumerate(all_lines) if l and i % every == 0]


def zstd(data):
    # The zstd CLI is part of the dependencies (.ci/install-deps).
    return subprocess.run(["zstd", "-q", "-c", "--no-check", "-3"], input=data,
                          stdout=subprocess.PIPE, check=True).stdout


app = lines("samples/app.ndjson", 12)
journal = lines("samples/journal.ndjson", 9)

tricky = [
    b'{"a":1}\n\nnot json\n{"user":"bob","password":"hunter2","n":2}\n[1]\n{"msg":"a\\qb"}\n  \t\n{"ok":true}\r\n{"last":"x"}',
    b'{"pass\\u0077ord":"hunter2","api_key":"k","x-api-key":"sk_live_4eC39HqLyjWDarjtT1zdp7dc"}',
    b'{"msg":"Authorization: Bearer abcdefghijklmnop0123456789 and password=hunter2&x=1"}',
    b'{"msg":"{\\"password\\":\\"s3cr3t\\",\\"token\\":\\"eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.sig\\"}"}',
    b'{"url":"https://user:pa55w0rd@db.example.com/x","email":"a.b@example.com","card":"4111 1111 1111 1111"}',
    b'{"k":"AKIAIOSFODNN7EXAMPLE","gh":"ghp_16C7e42F292c6912E7710c838347Ae178B4a","slack":"xoxb-1234-5678-abcdef"}',
    b'{"status":200,"duration_ms":12.5,"http":{"response":{"status_code":503}},"latency":"12.3ms"}',
    b'{"res":{"statusCode":404},"request_time":"0.012","event":{"duration":1500000}}',
    b'{"bad":"\xff\xfe"}\n{"deep":' + b'[' * 1100 + b']' * 1100 + b'}',
    b'data: {"__CURSOR":"c","MESSAGE":"{\\"status\\":200}","_PID":"1"}',
    b'{"drop":{"cookie":"a=b","session":"x","nested":[{"secret":"y"},{"ok":1}]}}',
    b'{"pem":"-----BEGIN RSA PRIVATE KEY-----\\nMIIEpAIBAAKCAQEA\\n-----END RSA PRIVATE KEY-----"}',
]
write("record_fuzz", {**{f"app-{i:03d}": l for i, l in enumerate(app)},
                      **{f"journal-{i:03d}": l for i, l in enumerate(journal[:8])},
                      **{f"case-{i:02d}": c for i, c in enumerate(tricky)},
                      "chunk-app": b"\n".join(app[:6]) + b"\n"})

# journal_envelope_fuzz: the first byte selects the envelope options.
envelopes = journal + [
    b'{"__CURSOR":"c","MESSAGE":[104,105,255],"_PID":"12","PRIORITY":"3"}',
    b'{"__CURSOR":"c","MESSAGE":null,"__REALTIME_TIMESTAMP":"1795440253002995"}',
    b'{"__REALTIME_TIMESTAMP":"x","MESSAGE":"{ }","_HOSTNAME":"h\\"q"}',
    b'{"__CURSOR":"c","MESSAGE":"{\\"a\\":1} trailing"}',
]
write("journal_envelope_fuzz",
      {f"{i:03d}": bytes([sel]) + e for i, e in enumerate(envelopes)
       for sel in ([0] if i % 3 else [0, 0xff, 0x55])})

# json_text_fuzz: JSON string bodies as written, escapes and all: the journal
# sample's MESSAGE values (a JSON line with every quote escaped) and escapes
# of every kind, some cut short or invalid.
messages = [m for l in journal for m in re.findall(rb'"MESSAGE":"((?:[^"\\]|\\.)*)"', l)]
escapes = [
    rb'say \"hi\" \\ \/ \b\f\n\r\t', rb'\u0041\u00e9\u20AC\ud83d\ude00', rb'lone \ud800 and \udc00',
    rb'bad \x escape', rb'cut \u12', b'trailing \\', b'caf\xc3\xa9 \xff raw',
    b'x' * 63 + rb'\"' + b'y' * 64 + rb'\u00e9',
]
write("json_text_fuzz", {**{f"message-{i:02d}": m for i, m in enumerate(messages[:6])},
                         **{f"escape-{i:02d}": e for i, e in enumerate(escapes)}})

rules = {p.stem: p.read_bytes() for p in (ROOT / "pipeline/rules").glob("*.toml")}
rules.update({
    "disable": b'disable_rules = ["email"]\nallow_keys = ["my_token"]\nscan_key_values = false\n',
    "hash": b'hash_key_env = "SLUICE_HASH_KEY"\n[[key_rule]]\nname = "user"\nkeys = ["user_id"]\nmode = "hash"\n',
    "partial": b'[[pattern]]\nname = "acct"\nregex = \'\'\'\\bACCT-([0-9]{6,})\'\'\'\ngroup = 1\n'
               b'prefilter = ["ACCT-"]\nprefilter_word_start = true\nmode = "partial"\nkeep_last = 2\n',
    "digits": b'[[pattern]]\nname = "num"\nregex = \'\'\'(?:^|[^0-9])([0-9]{9})(?:$|[^0-9])\'\'\'\n'
              b'group = 1\nprefilter_digits = 9\ndigit_separators = ""\nvalidate = "luhn"\n',
    "drop": b'[[key_rule]]\nname = "notes"\nkey_suffixes = ["notes"]\nmode = "drop"\nlabel = "[X]"\n',
    "scopes": b'id_keys = ["request_id"]\n[[key_rule]]\nname = "otp"\nkeys = ["otp", "pin"]\nscope = "query"\n'
              b'[[key_rule]]\nname = "hdr"\nkeys = ["x-session"]\ntext_value = "line"\n'
              b'# GET /a?otp=123 x-session: a b c request_id=4111111111111111 <pin>1</pin> ["--otp","9"]\n',
})
write("rules_fuzz", rules)

configs = {p.stem: p.read_bytes() for p in (ROOT / "pipeline").glob("*.toml")}
configs.update({
    "batch": b'[input]\npaths = ["a.log", "-"]\nformat = "ndjson"\nmax_line_bytes = "64K"\n'
             b'[output]\npath = "out.zst"\nlevel = 19\nmetrics = ["m.json", "m.prom"]\n'
             b'[run]\nthreads = 2\nchunk_bytes = "1M"\n[redact]\nstrict = true\n',
    "daemon-min": b'[sources]\nlisten = ["tcp://127.0.0.1:5170", "unix:/run/s.sock"]\n'
                  b'[state]\ndir = "/tmp/s"\n[output]\ndir = "/tmp/o"\nmax_bytes = "256M"\n'
                  b'max_age = "1h"\n[http]\nlisten = "[::1]:9898"\n',
    "bad-type": b'[run]\nthreads = "two"\n',
})
write("config_fuzz", configs)

plain = b"\n".join(app[:4]) + b"\n"
pretty = b'{\n\t"__CURSOR" : "s=1",\n\t"MESSAGE" : "hi"\n}\n'
long_line = b'{"msg":"' + b"x" * 600 + b'"}\n{"a":1}\n'
write("compressed_input_fuzz", {
    "plain": plain, "gz": gzip.compress(plain, mtime=0), "zst": zstd(plain),
    "zst-two-frames": zstd(plain[:100]) + zstd(plain[100:]),
    "gz-truncated": gzip.compress(plain, mtime=0)[:-5], "pretty": pretty,
    "long-line": long_line, "crlf-no-final-newline": b'{"a":1}\r\n{"b":2}',
})
