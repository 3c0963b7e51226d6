"""Spec §18.1–§18.3: code-mode cases DC01–DC30 (DC31, a Java template, is out of scope)."""
from __future__ import annotations

from spec.model import E, EJson, ProducedBy, SpecCase, StreamOf, body

ARR = b'[{"a1":1},{"b1":1,"b2":2,"b3":3},{"c1":[1,2,3]}]'
PERSON = b'{"name":"zhangsan","age":10,"male":true,"brothers":["lisi","zhaowu"]}'
MP_BOUNDARY = "ce560532019a77d83195f9e9873e16a1"
MP_BLOB = (b'--B\r\nContent-Disposition: form-data; name="a"; filename="test"\r\n'
           b'Content-Type: application/json\r\ntest111: 1\r\n\r\n1233\r\n'
           b'--B\r\nContent-Disposition: form-data; name="b"\r\nContent-Type: text/plain\r\n\r\n2333\r\n'
           b'--B--\r\n').replace(b"B", MP_BOUNDARY.encode())
MP_MIME = f"multipart/form-data; boundary={MP_BOUNDARY}"

DC01 = '''def dw_process(msg):
    sq = func(3)
    val = {
        'square': sq,
        'data': msg.payload['realData'] + 1
    }
    return Entity.from_value(val, mime_type='application/json')

def func(x):
    return x*x
'''

DC06 = '''def dw_process(msg):
    a = [1, 2, 3, 4]
    return add_list(a)

def add_list(alist):
    sum = 0
    for i in reversed(alist):
        sum += i
    return sum
'''

DC08 = """# Dataway comment

'''
Dataway comment
'''

\"\"\"
Dataway comment
\"\"\"
def dw_process(msg):
    return 'Dataway Hello World!'
"""

DC09 = '''def dw_process(msg):
    a = 5
    b = 3
    return {
        'add': a + b, 'sub': a - b, 'mul': a * b, 'div': 15 / a, 'mod': 16 % b,
        'pow': a ** b, 'floordiv': a // b, 'eq': a == b, 'ne': a != b, 'gt': a > b,
        'lt': a < b, 'ge': a >= b, 'le': a <= b, 'band': a & b, 'bor': a | b,
        'bxor': a ^ b, 'inv': ~a, 'lshift': a << 3, 'rshift': a >> 1
    }
'''

DC18 = '''def dw_process(msg):
    entity = Entity.from_value(msg.payload, mime_type='application/json', encoding='utf-8')
    return {
        'blob': entity['^blob'],
        'mimeType': entity['^mime_type'],
        'name': entity['name'],
        'brother': entity['brothers'][0],
        'male': entity['^value']['age'],
        'other': entity.get('other', 'other_default')
    }
'''

DC19 = '''def dw_process(msg):
    val = {
        "k0": msg.payload['^blob'].decode(msg.payload['^encoding']),
        "k1": {"str": "str", "list": [123, "abc", 12.34], "dict": {"k1": "v1"}},
        "k2": math.sqrt(10),
        "k3": json.dumps({"a": 1, "b": [1, "d"]}),
        "k4": time.strftime('%Y-%m-%d %H:%M:%S'),
        "k5": "hello" + "world",
        "k6": ["12", 3] + [[1, 2], 4.5],
        "k8": msg.payload['^mime_type'],
    }
    if val['k8'] == 'application/json':
        val['k7'] = msg.payload.get('gbk')
        val['k9'] = time.time()
    return Entity.from_value(val, mime_type='application/json', encoding='utf-8')
'''

DC20 = '''def dw_process(msg):
    entity = Entity.from_value(msg.payload, mime_type='application/x-www-form-urlencoded', encoding='utf-8')
    return {
        'blob': entity['^blob'],
        'mimeType': entity['^mime_type'],
        'k1': entity['k1'],
        'k3': entity['^value']['k3'],
        'k3multi_selector': entity['^value']['*k3'],
        'k5': entity.get('k5', 'default_value')
    }
'''

_DC22_BUILD = '''def dw_process(msg):
    a = math.floor(1.4)
    {verb}Entity.from_value({{
        'root': {{
            'k1': msg.vars['abc'],
            'k2': json.dumps('哈哈', ensure_ascii=False),
            'k3': a + 1,
            '@id': "hello",
            '#text': "<a>dwad</a>",
            'k4': ['abc', 'def', None],
        }}
    }}, mime_type = 'application/xml')
'''
DC22 = _DC22_BUILD.format(verb="return ")
DC23 = _DC22_BUILD.format(verb="entity = ") + '''    return {
        'k1': entity['root']['#text'] + entity['root']['@id'],
        'k2': entity['root']['k1'],
        'k3': entity['root']['*k4']['^value'],
        'k4': entity['root']['k4'],
        'k5': entity['^mime_type']
    }
'''

DC24 = '''def dw_process(msg):
    entity = Entity.from_value([
        {'k1':'abcd','k2':123.0,'k3':True},
        {'k1':'defs','k2':'dwdw,2e','k3':10},
    ], mime_type = 'application/csv')
    return {
        'var1': entity['^blob'],
        'var2': entity['^mime_type'],
        'var3': entity['^encoding'],
        'var4': entity[0]['k2'] + entity[1]['k3'],
        'var5': entity[1]['k2']
    }
'''

DC25 = '''def dw_process(msg):
    a = math.floor(1.4)
    c = Entity.from_value({
        'k1': msg.vars['abc'],
        'k2': json.dumps('哈哈', ensure_ascii=False),
        'k3': a + 1,
    }, mime_type = 'application/json')
    return Entity.from_value(
        [
            ('a', ('test.json', '{"a": a}', 'application/json', {'Test111': 1})),
            ('b', '333'),
            ('c', ('c.json', c, c['^mime_type']))
        ],
        mime_type='multipart/form-data; boundary=123333333'
    )
'''
DC25_BLOB = (b'--123333333\r\n'
             b'Content-Disposition: form-data; name="a"; filename="test.json"\r\n'
             b'Content-Type: application/json\r\n'
             b'Test111: 1\r\n'
             b'\r\n'
             b'{"a": a}\r\n'
             b'--123333333\r\n'
             b'Content-Disposition: form-data; name="b"\r\n'
             b'\r\n'
             b'333\r\n'
             b'--123333333\r\n'
             b'Content-Disposition: form-data; name="c"; filename="c.json"\r\n'
             b'Content-Type: application/json\r\n'
             b'\r\n'
             + '{"k1":"123","k2":"\\"哈哈\\"","k3":2}\r\n'.encode('utf-8') +
             b'--123333333--\r\n')

DC26 = '''def dw_process(msg):
    return {
        'k1': str(type(msg.payload)),
        'k2': msg.payload['^mime_type'],
        'k3': msg.payload['^encoding'],
        'k4': msg.payload['^blob'],
        'k5': msg.payload['boundary'],
        'k6': msg.payload['parts']['a']['headers']['Content-Disposition']['name']
              + '-' + msg.payload['parts'][1]['headers']['Content-Type']
    }
'''

DC29 = '''def dw_process(msg):
    input_param = msg.payload['^value']
    return Entity.from_value({
        'root': {
            'name': input_param['name'],
            'age': input_param['age'],
            'male': input_param['male'],
            'brothers': input_param['brothers'],
            "@id": "haha"
        }
    }, mime_type="application/xml")
'''

DC27 = body("for x in range(10):\n    yield x")
DC28 = body("sum = 0\nfor x in msg.payload:\n    sum += x\nreturn sum")


def _dc26_expected(blob: bytes) -> dict:
    return {'k1': 'Entity', 'k2': MP_MIME, 'k3': 'utf-8', 'k4': blob, 'k5': MP_BOUNDARY,
            'k6': 'a-text/plain'}


CODE_CASES = [
    SpecCase("DC01", "code", DC01, payload={'realData': 123},
             expected=E('application/json', b'{"square":9,"data":124}'), formats=True),
    SpecCase("DC01-entity", "code", DC01, payload=E('application/json', b'{"realData": 123}'),
             expected=E('application/json', b'{"square":9,"data":124}'), formats=True,
             note="a JSON Entity with the same content gives the same result"),
    SpecCase("DC02", "code", body("return 'Hello' + 'World'"), expected='HelloWorld'),
    SpecCase("DC03", "code", body("return 'hello' + 'world'"), expected='helloworld'),
    SpecCase("DC04", "code", body("a = 100\nif a < 10:\n    return 'a is lower than 10'\n"
                                  "elif a <= 100 and a >= 10:\n    return 'a is between 10 and 100'\n"
                                  "else:\n    return 'a is bigger than 100'"),
             expected='a is between 10 and 100'),
    SpecCase("DC05", "code", body("a = [1, 2, 3, 4]\nnum = 1\nfor i in a:\n    num *= i\nreturn num"),
             expected=24),
    SpecCase("DC06", "code", DC06, expected=10, check_code="DW205"),
    SpecCase("DC07", "code", body("jsonStr = '{\"a\": 1, \"b\": 2, \"c\": 3}'\n"
                                  "jsonDict = json.loads(jsonStr)\nnum = 1\n"
                                  "for k, v in jsonDict.items():\n    num += math.pow(v, 2)\n"
                                  "return num"), expected=15.0),
    SpecCase("DC08", "code", DC08, expected='Dataway Hello World!'),
    SpecCase("DC09", "code", DC09, expected={
        'add': 8, 'sub': 2, 'mul': 15, 'div': 3.0, 'mod': 1, 'pow': 125, 'floordiv': 1,
        'eq': False, 'ne': True, 'gt': True, 'lt': False, 'ge': True, 'le': False, 'band': 1,
        'bor': 7, 'bxor': 6, 'inv': -6, 'lshift': 40, 'rshift': 2}),
    SpecCase("DC10", "code", body("return list(filter(lambda x: x >= 100, [1, 3, 4, 100, 102]))"),
             expected=[100, 102]),
    SpecCase("DC11", "code", body("return list(map(lambda x: x * 2, [1, 2, 3, 4, 5]))"),
             expected=[2, 4, 6, 8, 10]),
    SpecCase("DC12", "code", body("return list(range(5))"), expected=[0, 1, 2, 3, 4]),
    SpecCase("DC13", "code", body("return list(reversed('abcdefg'))"),
             expected=['g', 'f', 'e', 'd', 'c', 'b', 'a']),
    SpecCase("DC14", "code", body("return list(zip([1, 2, 3], [4, 5, 6]))"),
             expected=[[1, 4], [2, 5], [3, 6]], raw=[(1, 4), (2, 5), (3, 6)]),
    # §18.2 Entity
    SpecCase("DC15", "code", body("return msg.payload[1]"), payload=E('application/json', ARR),
             expected={'b1': 1, 'b2': 2, 'b3': 3}, formats=True),
    SpecCase("DC16", "code", body('return {"mimeType": msg.payload["^mime_type"], "encoding": '
                                  'msg.payload["^encoding"], "blob": msg.payload["^blob"], '
                                  '"value": msg.payload["^value"]}'),
             payload=E('application/json', ARR), formats=True,
             expected={'mimeType': 'application/json', 'encoding': 'utf-8', 'blob': ARR,
                       'value': [{'a1': 1}, {'b1': 1, 'b2': 2, 'b3': 3}, {'c1': [1, 2, 3]}]}),
    SpecCase("DC17", "code", body('return {"a1": msg.payload["a1"], "b2": msg.payload["b2"], '
                                  '"c1": msg.payload[\'c1\']}'),
             payload=E('application/json', b'{"a1":1,"b1":1,"b2":2,"b3":3,"c1":[1,2,3]}'),
             expected={'a1': 1, 'b2': 2, 'c1': [1, 2, 3]}, formats=True),
    SpecCase("DC18", "code", DC18, formats=True,
             payload={'name': 'zhangsan', 'age': 10, 'male': True, 'brothers': ['lisi', 'zhaowu']},
             expected={'blob': PERSON, 'mimeType': 'application/json', 'name': 'zhangsan',
                       'brother': 'lisi', 'male': 10, 'other': 'other_default'}),
    SpecCase("DC19", "code", DC19, formats=True, payload=E('application/json', PERSON),
             clock=1619491794.670995, timezone="Asia/Shanghai",
             expected=EJson('application/json', {
                 'k0': PERSON.decode(),
                 'k1': {'str': 'str', 'list': [123, 'abc', 12.34], 'dict': {'k1': 'v1'}},
                 'k2': 3.1622776601683795, 'k3': '{"a": 1, "b": [1, "d"]}',
                 'k4': '2021-04-27 10:49:54', 'k5': 'helloworld',
                 'k6': ['12', 3, [1, 2], 4.5], 'k8': 'application/json', 'k7': None,
                 'k9': 1619491794.670995})),
    SpecCase("DC20", "code", DC20, formats=True,
             payload={'k1': 123, 'k2': 'helloworld', 'k3': [2, 'abc']},
             expected={'blob': b'k1=123&k2=helloworld&k3=2&k3=abc',
                       'mimeType': 'application/x-www-form-urlencoded', 'k1': '123', 'k3': '2',
                       'k3multi_selector': ['2', 'abc'], 'k5': 'default_value'}),
    SpecCase("DC21", "code", body("entity = Entity.from_value(msg.payload, mime_type='text/plain', "
                                  "encoding='utf-8')\nreturn entity['^value']"),
             payload='This is a text plain message', expected='This is a text plain message',
             formats=True),
    SpecCase("DC22", "code", DC22, vars={'abc': '123'}, payload=1, formats=True,
             expected=E('application/xml',
                        '<?xml version="1.0" encoding="utf-8"?><root id="hello"><k1>123</k1>'
                        '<k2>"哈哈"</k2><k3>2</k3><k4>abc</k4><k4>def</k4><k4></k4>'
                        '&lt;a&gt;dwad&lt;/a&gt;</root>'.encode('utf-8'))),
    SpecCase("DC23", "code", DC23, vars={'abc': '123'}, payload=1, formats=True,
             expected={'k1': '<a>dwad</a>hello', 'k2': '123', 'k3': ['abc', 'def', None],
                       'k4': 'abc', 'k5': 'application/xml'}),
    SpecCase("DC24", "code", DC24, formats=True,
             expected={'var1': b'k1,k2,k3\r\nabcd,123.0,True\r\ndefs,"dwdw,2e",10\r\n',
                       'var2': 'application/csv', 'var3': 'utf-8', 'var4': '123.010',
                       'var5': 'dwdw,2e'}),
    SpecCase("DC25", "code", DC25, vars={'abc': '123'}, formats=True,
             expected=E('multipart/form-data; boundary=123333333', DC25_BLOB)),
    SpecCase("DC26", "code", DC26, payload=E(MP_MIME, MP_BLOB), formats=True,
             expected=_dc26_expected(MP_BLOB)),
    SpecCase("DC26-lf", "code", DC26, payload=E(MP_MIME, MP_BLOB.replace(b"\r\n", b"\n")),
             formats=True, expected=_dc26_expected(MP_BLOB.replace(b"\r\n", b"\n")),
             note="bare LF line endings give the same k5 and k6"),
    SpecCase("DC29", "code", DC29, formats=True,
             payload=E('application/json',
                       b'{"name":"zhangsan","age":12,"male":true,"brothers":["lisi","wangwu"]}'),
             expected=E('application/xml',
                        b'<?xml version="1.0" encoding="utf-8"?><root id="haha"><name>zhangsan'
                        b'</name><age>12</age><male>true</male><brothers>lisi</brothers>'
                        b'<brothers>wangwu</brothers></root>')),
    SpecCase("DC30", "code", body("return Entity.from_bytes('test', mime_type='text/plain', "
                                  "encoding='utf-8')"),
             expected=E('text/plain', b'test'), formats=True),
    # §18.3 streams
    SpecCase("DC27", "code", DC27, expected=StreamOf(tuple(range(10)))),
    SpecCase("DC28", "code", DC28, payload=list(range(10)), expected=45),
    SpecCase("DC28-stream", "code", DC28, payload=ProducedBy(DC27), expected=45,
             note="the payload is the Stream produced by DC27"),
]
