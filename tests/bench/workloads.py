"""The benchmark workloads of issue #2 (W1-W4), as source text both engines run unchanged."""
from __future__ import annotations

__all__ = ["W1_EXPRESSION", "w1_payload", "W2_SOURCE", "w2_payload", "W3_SOURCES",
           "w4_script"]

# W1: a Choice-style condition, compiled once and evaluated many times.
W1_EXPRESSION = "msg.payload['total'] > 100 and msg.vars.get('region') == 'eu'"


def w1_payload() -> tuple[dict, dict]:
    """Payload and vars of W1."""
    return {"total": 250, "id": "A-1"}, {"region": "eu"}


# W2: a code-mode transform over 10,000 nested order records.
W2_SOURCE = '''
def convert(order):
    items = order['items']
    total = 0
    for it in items:
        total += it['qty'] * it['price']
    return {
        'orderId': order['id'],
        'customer': order['customer']['name'].upper(),
        'country': order['customer']['country'],
        'total': round(total, 2),
        'label': '%s-%05d' % (order['customer']['country'], order['seq']),
        'skus': [it['sku'] for it in items if it['qty'] > 0],
        'summary': f"{len(items)} items, {total:.2f} EUR",
    }

def dw_process(msg):
    orders = msg.payload['orders']
    return [convert(o) for o in orders if o['status'] != 'cancelled']
'''


def w2_payload(n: int = 10_000) -> dict:
    """10,000 nested order records."""
    orders = []
    for i in range(n):
        orders.append({
            "id": f"O-{i}", "seq": i, "status": "cancelled" if i % 7 == 0 else "paid",
            "customer": {"name": f"customer {i % 97}", "country": ["de", "fr", "es"][i % 3]},
            "items": [{"sku": f"S{(i * 3 + k) % 50}", "qty": (i + k) % 4, "price": 1.5 + k}
                      for k in range(3)],
        })
    return {"orders": orders}


# W3: interpreter-bound code.
W3_SOURCES = {
    "fib": '''
def dw_process(msg):
    total = 0
    for n in range(300):
        a, b = 0, 1
        for _ in range(n):
            a, b = b, a + b
        total += a % 1000
    return total
''',
    "bubble_sort": '''
def dw_process(msg):
    xs = [(i * 7919) % 1009 for i in range(300)]
    n = len(xs)
    for i in range(n):
        for j in range(n - i - 1):
            if xs[j] > xs[j + 1]:
                xs[j], xs[j + 1] = xs[j + 1], xs[j]
    return xs[:5]
''',
    "string_building": '''
def dw_process(msg):
    parts = []
    for i in range(20000):
        parts.append(str(i) + ',')
    s = ''.join(parts)
    out = ''
    for ch in s[:5000]:
        if ch != ',':
            out += ch
    return len(s) + len(out)
''',
    "word_count": '''
def dw_process(msg):
    text = ' '.join(['alpha beta gamma delta', 'beta gamma', 'gamma'] * 2000)
    counts = {}
    for w in text.split():
        counts[w] = counts.get(w, 0) + 1
    return sorted(counts.items(), key=lambda kv: -kv[1])
''',
}


def w4_script(lines: int = 500) -> str:
    """A generated code-mode script of about ``lines`` lines of typical transform code."""
    out = ["import json", ""]
    i = 0
    while len(out) < lines - 6:
        out += [
            f"def helper_{i}(order, factor={i}):",
            f"    '''Helper {i}.'''",
            "    total = 0",
            "    for item in order.get('items', []):",
            "        if item['qty'] > 0 and item['sku'] not in ('X', 'Y'):",
            "            total += item['qty'] * item['price'] * factor",
            "        else:",
            "            continue",
            f"    names = [n.upper() for n in order['names'] if len(n) > {i % 5}]",
            "    data = {'id': order['id'], 'total': round(total, 2), 'names': names}",
            f"    return json.dumps(data) + f\"#{{order['id']}}-{i}\"",
            "",
        ]
        i += 1
    out += ["def dw_process(msg):",
            "    return [helper_0(o) for o in msg.payload]", ""]
    return "\n".join(out)
