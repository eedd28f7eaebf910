"""Parses a /metrics page with the Prometheus Python client's own parser (Debian's python3-prometheus-client).

    /usr/bin/python3 parse.py <file>

Prints one JSON object: {"families": [{"name", "type", "help", "samples": [{"name", "labels", "value"}]}]}. A line the
parser refuses ends the script with the parser's error on stderr and exit code 1.
"""
import json
import math
import sys

from prometheus_client.parser import text_string_to_metric_families


def number(value):
    # JSON has no infinities or NaN; the test reads these strings back.
    if math.isnan(value):
        return "NaN"
    if math.isinf(value):
        return "+Inf" if value > 0 else "-Inf"
    return value


def main(path):
    with open(path, encoding="utf-8") as f:
        text = f.read()
    families = []
    for family in text_string_to_metric_families(text):
        families.append({
            "name": family.name,
            "type": family.type,
            "help": family.documentation,
            "samples": [{"name": s.name, "labels": s.labels, "value": number(s.value)} for s in family.samples],
        })
    print(json.dumps({"families": families}))


if __name__ == "__main__":
    main(sys.argv[1])
