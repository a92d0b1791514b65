"""How written Chinese and Cantonese ask: read for every question written in Han characters.

Each form is its English counterpart's (:mod:`assistant.query.forms.en`), in Traditional and Simplified
characters and in Cantonese: the detail asked for (幾多錢 / 金額 / 預算 an amount, 幾時 / 何時 / 哪一年 a date,
幾多個 / 多少 a number, 邊個 / 哪個部門 a name), opinions (你覺得, 值唔值得), follow-ups (佢, 呢個計劃, 咁...),
and support for the asker's business (我哋係一間初創, 有咩資助). :data:`QUESTION_WORDS` gives the English of
the question words for the cross-language query (:mod:`assistant.query.crosslang`), in folded (Simplified)
spelling; :data:`FILLERS` are the particles that translate to nothing.

>>> FORMS.opinion.search("你覺得呢個計劃值唔值得?") is not None
True
>>> [kind for kind, form in FORMS.details.items() if form.search("人工智能資助計劃有幾多錢？")][0]
'amount'
>>> [kind for kind, form in FORMS.details.items() if form.search("首個公共加氫站喺邊度？")]
[]
>>> FORMS.reference.search("佢由邊個局負責？") is not None
True
"""

from __future__ import annotations

import re

from assistant.query.forms.table import QuestionForms
from assistant.text.chinese import HAN, fold

_OPINION = re.compile(
    r"你(?:覺得|觉得|認為|认为|點睇|点睇|點看|点看|怎麼看|怎么看|嘅意見|嘅睇法|的意見|的意见|的看法|會唔會支持|支持唔支持)"
    r"|值(?:唔|不)值得|值得(?:嗎|吗|唔|投資|投资)|(?:好唔好|好不好|成唔成功|成不成功|會唔會失敗|会不会失败)"
    r"|(?:評分|评分|打分|幾多分|几多分)|(?:股價|股价)|應(?:唔應|不應)該投資|应(?:不应)?该投资|預測|预测")

# Who is responsible for a measure: 邊個局負責 / 由哪個部門牽頭 / 負責嘅政策局係邊個 / 主責部門. Not who benefits
# from it (邊啲公司可以申請).
# A body, not a word that begins with one's character: 局限 (limits), 局面 (situation), 署名 (signature).
_BODY = r"(?:政策局|局(?![限面勢势部])|部門|部门|辦公室|办公室|署(?![名理]))"
_LEADS = r"(?:負責|负责|牽頭|牵头|主導|主导|統籌|统筹|跟進|跟进|主理|督導|督导|主責|主责)"
_WHICH = r"(?:邊個|边个|邊一個|边一个|哪個|哪个|哪一個|哪一个|邊|边|哪|咩|乜嘢|什麼|什么|甚麼)"
_RESPONSIBLE = re.compile(rf"{_WHICH}(?:個|个)?(?:政府)?{_BODY}|(?:邊個|边个|誰|谁|邊位|边位){_LEADS}"
                          rf"|{_LEADS}(?:嘅|的)?(?:政府)?{_BODY}|{_LEADS}(?:嘅|的)?(?:係|是|為|为)(?:邊|边|哪|誰|谁)")

# The head of a body: 院長 (of an institute), 主席, 總裁, 署長 ...
_HEAD = r"(?:院長|院长|主席|總裁|总裁|行政總裁|行政总裁|首長|首长|署長|署长|局長|局长|總監|总监|負責人|负责人|掌舵人)"

# Order as in English (assistant.query.details.KINDS): the first kind matched is the one asked for.
_DETAILS = {
    "percentage": re.compile(r"百分之幾|百分比|比例係幾多|比例是多少|百分之几|幾成|几成|%"),
    "limit": re.compile(r"上限|下限|最多(?:可以|可)?(?:資助|资助|申請|申请|有|係|是)|最少|最高(?:資助|资助)"),
    "amount": re.compile(r"幾多錢|几多钱|多少錢|多少钱|金額|金额|預算|预算|撥款|拨款|幾錢|几钱|資金規模|资金规模"
                         r"|規模有多大|规模有多大|涉及多少|成本|費用|费用|收費|收费|俾錢|畀錢|付費|付费|有幾多(?:億|亿|萬|万)"
                         r"|總共有幾多|总共有多少"),
    "count": re.compile(r"幾多(?:個|个|部|間|间|項|项|名|次|條|条|座|架|支|隻|只)"
                        r"|多少(?:個|个|部|間|间|項|项|名|次|條|条|座)|幾多部|几多部|數目|数目|數量|数量|有幾多|有多少|幾多|几多|多少|有多大|幾大|几大|多大"),
    "date": re.compile(r"幾時|几时|何時|何时|哪一年|邊一年|边一年|哪年|幾年|几年|甚麼時候|什麼時候|什么时候|"
                       r"乜嘢時候|咩時候|幾耐|几耐|日期|時間表|时间表|期限|截止|死線|時限|时限"),
    "documents": re.compile(r"(?:交|遞交|递交|提交|準備|准备|提供)(?:啲|些)?"
                            r"(?:咩|乜|乜嘢|什麼|什么|甚麼|哪些|邊啲|边啲)?(?:文件|資料|资料|證明|证明)"
                            r"|所需(?:文件|資料|资料)|(?:申請|申请)文件"),
    "award": re.compile(r"中標|中标|得標|得标|投得|批(?:咗|了)?(?:俾|畀|給|给)(?:邊|边|哪|誰|谁)"),
    "person": re.compile(rf"{_HEAD}(?:係|是|會係|会是)?(?:邊個|边个|誰|谁|邊位|边位|咩人|什麼人|什么人)"
                         rf"|(?:邊個|边个|誰|谁|邊位|边位)(?:做|出任|擔任|担任|當|当){_HEAD}"),
    "place": re.compile(r"(?:邊間|边间|哪間|哪间|哪個|哪个|邊個|边个)"
                        r"(?:警署|警察局|醫院|医院|學校|学校|車站|车站|站|區|区|地區|地区|場地|场地)"
                        r"|(?:邊區|边区|哪區|哪区|哪些(?:地區|地区|區|区))"),
    "organisation": re.compile(r"(?:邊間|边间|哪間|哪间|哪家|邊家|边家|咩|乜嘢|什麼|什么|甚麼)"
                               r"(?:公司|企業|企业|機構|机构|供應商|供应商|承辦商|承办商|銀行|银行|大學|大学)"
                               r"(?!可以|可|能夠|能够|合資格|合资格)"),
    "name": re.compile(r"叫(?:咩|乜|什麼|什么|甚麼)名|名稱是|名称是|名字|叫咩|叫乜"),
}

# Points back to an earlier turn: 佢 (it, Cantonese), 它, 呢個計劃 (this scheme), 嗰個 (that one), 這個, 該.
_REFERENCE = re.compile(r"佢|它|牠|呢(?:個|个|間|间|項|项|幅|條|条|部)|嗰(?:個|个|間|间|項|项|幅|條|条|部)"
                        r"|這(?:個|間|項|幅|條|部)|这(?:个|间|项|幅|条|部)|該(?:計劃|基金|平台|中心|設施|學院)|"
                        r"该(?:计划|基金|平台|中心|设施|学院)|同一個|上面(?:講|讲|提)")
_CONTINUATION = re.compile(r"^\W*(?:咁|噉|那麼|那么|那|另外|仲有|還有|还有|又|而且)")

_SUPPORT = re.compile(r"資助|资助|補貼|补贴|津貼|津贴|撥款|拨款|基金|貸款|贷款|支援|支持|幫助|帮助|幫到|帮到|"
                      r"優惠|优惠|稅務|税务|投資|投资|錢|钱|計劃|计划|算力")
_BUSINESS = (r"(?:公司|企業|企业|初創|初创|中小企|小店|店舖|店铺|工廠|工厂|廠|厂|生意|團隊|团队|實驗室|实验室|"
             r"診所|诊所|餐廳|餐厅|商戶|商户|機構|机构)")
_ENTERPRISE = re.compile(rf"(?:我哋|我們|我们|我|本公司)(?:係|是|開|开|有|經營|经营|做緊?|搞緊?)?"
                         rf"(?:一間|一间|間|间|一個|一个)?[^，。？?！!]{{0,12}}?{_BUSINESS}|(?:我哋|我們|我们|我嘅|我的|我間|我间){_BUSINESS}")
_OWN_BUSINESS = re.compile(rf"(?:我哋|我們|我们|我)(?:係|是|開緊?|开)(?:一間|一间|一個|一个)"
                           rf"(?P<a>[^，。？?！!]{{1,16}}?{_BUSINESS})|(?:我哋|我們|我们|我)(?:嘅|的|間|间)(?P<b>[^，。？?！!]{{0,8}}?{_BUSINESS})")
_SIZE = re.compile(r"(初創|初创|中小企|小型|中型|大型|跨國|跨国|小公司|細公司)")
# A measure's own name: two characters or more of its own before the measure word ("市場推廣基金", "新型工業加速
# 計劃"). Not a kind of support asked about: "有咩資助計劃", "乜嘢基金", "其他基金" name none.
_MEASURE_NAME = re.compile(r"(?<!資助|资助|支援|任何|其他|政府|有咩|乜嘢|甚麼|什麼|什么|哪個|哪个|邊個|边个|"
                           r"哪些|邊啲|边啲|相關|相关|不同|各種|各种|申請|申请|一啲|一些)"
                           r"(?<=[\u4e00-\u9fff]{2})(?<![咩乜啲些種种項项個个的嘅有冇])(?:計劃|计划|基金|平台|沙盒)")

FORMS = QuestionForms(
    language="zh", opinion=_OPINION, responsible=_RESPONSIBLE, details=_DETAILS, reference=_REFERENCE,
    continuation=_CONTINUATION,
    support=_SUPPORT, enterprise=_ENTERPRISE, own_business=_OWN_BUSINESS,
    business_noun=re.compile(_BUSINESS), phrase_end=re.compile(r"(?:想|要|可以|點樣|点样|有冇|有没有).*"), size=_SIZE,
    measure_name=_MEASURE_NAME)

#: Question words (folded spelling) and their English for the cross-language query; "" drops the word.
QUESTION_WORDS: dict[str, str] = {
    "几多钱": "how much money", "多少钱": "how much money", "几钱": "how much money", "几多": "how many",
    "多少": "how many", "几时": "when", "何时": "when", "什么时候": "when", "几耐": "how long",
    "哪一年": "which year", "边一年": "which year", "哪年": "which year", "边度": "where", "喺边度": "where",
    "喺边": "where", "哪里": "where", "哪裏": "where", "何处": "where", "边个": "who", "边位": "who", "谁": "who",
    "哪个": "which", "边个局": "which bureau", "边间": "which", "哪间": "which", "边啲": "which", "哪些": "which",
    "咩": "what", "乜": "what", "乜嘢": "what", "什么": "what", "甚么": "what", "点样": "how", "点": "how",
    "如何": "how", "怎样": "how", "怎么": "how", "为何": "why", "点解": "why", "为什么": "why",
    "有冇": "", "系咪": "", "是否": "", "会否": "", "可唔可以": "can", "会唔会": "will", "要唔要": "",
    "多大": "how big", "有多大": "how big", "几大": "how big",
}
#: Particles and function words, folded, that carry no topic.
FILLERS = frozenset({
    "嘅", "的", "系", "是", "咗", "了", "啲", "咁", "噉", "呢", "嗰", "个", "㗎", "嘛", "吗", "呀",
    "啊", "吖", "喎", "啦", "咯", "嚟", "来", "去", "会", "将", "在", "喺", "有", "冇", "就", "都",
    "仲", "同", "和", "与", "及", "或", "之", "于", "对", "为", "由", "被", "把", "将会", "可以", "能够",
    "我", "我哋", "我们", "你", "你哋", "佢", "它", "他", "她", "政府", "香港", "请问", "想", "知", "想知", "问",
    "话", "讲", "听讲", "一", "其", "所", "要", "能", "可", "得",
    "已经", "已", "经已", "曾经", "正在", "紧", "过", "着",
})

#: Particles (folded) that are never part of another word: what a count of topic words leaves out.
PARTICLES = frozenset("嘅咗啲㗎嘛吗呀啊吖喎啦咯的了呢咁噉你我佢")


def topic_words(text: str) -> int:
    """About how many topic words the Chinese of ``text`` has: its characters less question words and particles, halved.

    Chinese has no spaces to count words by, and a question often leaves its subject out ("幾時推出招標？",
    when will it be put to tender?): such a question has too few topic words to stand alone.

    >>> topic_words("幾時推出招標？"), topic_words("人工智能資助計劃有幾多錢？")
    (2, 5)
    """
    stripped = fold("".join(HAN.findall(text)))
    for word in sorted(QUESTION_WORDS, key=len, reverse=True):
        stripped = stripped.replace(word, "")
    left = sum(1 for char in stripped if char not in PARTICLES)
    return (left + 1) // 2
