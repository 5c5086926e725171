"""Words the actions read users' messages with, and labels for 12333's staff.

Nothing here is a reply: every sentence a user sees is a response in domain.yml.
This is the one module of ``actions/`` that holds Chinese literals
(tests/actions/test_no_inline_sentences.py exempts it by name).
"""

from __future__ import annotations

import re

# -- understanding the user ------------------------------------------------------------

#: "注销这个": the user wants a submission withdrawn.
#: "不注销了", "别撤", "不想撤": a cancel verb refused by a word just before it.
CANCEL_NEGATIONS = ("不", "别", "甭", "没", "勿")
#: "不是要注销", "并不是想撤": what is meant denied before the verb.
NOT_MEANT_VERB_RE = re.compile(r"(?:并)?不是(?:要|想|说|让你)")
#: "要不注销了重新弄？" ("how about"), "能不能注销" (asked either way): a 不 that refuses
#: nothing, the longer first so that no 要不 is left of 要不要.
UNREFUSING_NOTS = ("能不能", "可不可以", "要不要", "会不会", "行不行", "是不是", "要不")
CANCEL_SUBMISSION_WORDS = (
    "注销",
    "注消",  # the slip of 注销 that sounds the same
    "撤",  # 撤回, 撤销, 撤了, 撤掉, and the slip 撤会
    "取消",
    "作废",
    "註銷",
    "cancel",
    "withdraw",
    "revoke",
)
#: "灵活就业那个，没取消的那个": a 注销 denied of a listed one names those still standing,
#: as "已经注销的那个" names the cancelled ones; neither asks for one.
UNCANCELLED_RE = re.compile(r"(?:没|未|还没|没有)(?:注销|注消|取消|撤回|撤销|撤|作废)(?:掉|过)?的")
#: "我们从来没注销过啊 这个状态不对": a 注销 the user denies having made, which disputes the
#: status shown, and asks none.
#: "HZ2026110204418 这条怎么是注销", "怎么变成注销了": the status 已注销 wondered at,
#: which the item's details tell; no 注销 asked.
CANCEL_WONDERED_RE = re.compile(
    r"(?:怎么|咋|为什么|为啥|怎么会)(?:会)?(?:是|变成|成了|成|显示|就)(?:了)?(?:已经?)?"
    r"(?:注销|注消|撤销|作废)"
)
CANCEL_DENIED_RE = re.compile(
    r"(?:从来|从|根本|压根)?(?:没|没有|未曾)(?:注销|注消|撤销|撤回|作废)过"
)
#: "提交之后还能撤回吗": a submission withdrawn, the guide's 注销 (取消 also calls off
#: a question, so it is left out).
WITHDRAW_WORDS = ("撤回", "撤销", "撤掉", "撤了", "注销", "作废", "註銷", "撤銷", "withdraw")
#: "那它现在是啥状态", "这个现在怎么样了": how the one on screen stands now.
STANDING_WORDS = ("状态", "怎么样了", "咋样了", "到哪了", "到哪一步", "什么情况", "啥情况")
#: "我申请的补贴有没有通过", "公司那个信息变更审核通过没": whether it went through, asked.
OUTCOME_ASK_WORDS = (
    "有没有通过",
    "通过没",
    "通过了没",
    "通过了吗",
    "批了没",
    "批了吗",
    "批下来没",
    "批下来了吗",
    "审了没",
    "审了吗",
    "审核了没",
    "审核了吗",
    "审完没",
    "有结果了吗",
    "有结果没",
    # "前几天报了增员，想确认下报上去没有", "我那个就业创业证申领下来没有"
    "上去没",
    "上去了吗",
    "成功没",
    "成功了吗",
    "成功了没",
    "下来没",
    "下来了吗",
    # "想看看自己的失业登记办好没"
    "办好没",
    "办好了没",
    "办好了吗",
    "弄好没",
    "弄好了没",
    "弄好了吗",
    # "我提交的资料有没有问题", "被退回了吗"
    "有没有问题",
    "有问题吗",
    "被退回了吗",
    "退回来没",
    "什么程度",
)
#: "上周交了个失业登记 一直没动静 帮忙看看": a look ordered at the end, after a filing told.
LOOK_ORDER_TAIL_RE = re.compile(
    r"(?:帮忙|帮我|麻烦|给我|请)(?:你)?(?:看看|看一下|看下|查查|查一下|查下|瞧瞧)(?:吧|呗|呀|啊)?$"
)
#: "我九月份报的技能提升补贴", "单位上周提交的增员", "昨天报的那个缴费基数": a filing of
#: the user's own, told by when it went in.
FILED_WHEN_RE = re.compile(
    r"(?:上上个月|上个月|上月|这个月|本月|大前天|前天|昨天|今天|上周|上礼拜|上星期|这周|前几天|前两天"
    r"|[0-9一二三四五六七八九十]{1,3}月份?|[0-9]{1,2}号)"
    r"[^，,。.!！?？\s]{0,3}(?:报|交|提交|申请|申报|办|登记|递交)(?:上去|上来)?的"
)
#: "想看看", "帮我查下": a look at a filing of one's own ordered.
OWN_LOOK_ORDER_RE = re.compile(
    r"(?:想|要|帮我|帮忙|给我)(?:看看|看一下|看下|查查|查一下|查下|瞧瞧)"
)
#: "我是说查我自己的", "看我们单位的": one's own look-up ordered, the owner said last.
OWN_LOOK_SAID_RE = re.compile(
    r"(?:^|说|是|就)(?:帮我)?(?:查|看|查一下|看一下|查下|看下|查查|看看)"
    r"(?:我|我们|我自己|自己|我们单位|我们公司|单位|公司)(?:自己)?的"
    r"(?:进度|申报|办事进度|记录|办件)?(?:呢|吧|啊|呀|嘛)?$"
)
#: "不想申请了", "不要了": a filing of one's own given up.
GIVEN_UP_RE = re.compile(r"不想(?:申请|报|办|要)了|不(?:申请|办|要)了")
FILED_TOLD_RE = re.compile(r"(?:交|报|提交|申请|申领|登记|办)了")
#: "三种都说说", "都要知道": every type's answer, asked for at the type question.
#: "这三个好像都不是", "三个选项里都没有" say the opposite: no type fits.
EVERY_TYPE_RE = re.compile(
    r"(?:三种|三类|三个|每种|每一种|各种|所有|全部|几种)[^，,。?？不没]{0,4}(?:都|全)"
    r"(?:要|说|讲|告诉|发|给|列|看|了解|知道)"
    r"|都(?:要|想)?(?:知道|说说|讲讲|讲一下|说一下|看看|了解)"
)
#: "滨江那边招用人员就业登记怎么样了": a filing's kind, then how it stands, with no owner
#: said: nobody asks so after another's.
FILING_STANDING_RE = re.compile(
    r"(?:登记|申报|增员|减员|变更|申领)(?:那个|那条|的)?(?:现在|目前|到底)?"
    r"(?:" + "|".join(map(re.escape, (*STANDING_WORDS, *OUTCOME_ASK_WORDS))) + r")"
)
#: "什么情况下": in which case, not how it stands.
CASE_WORD = "情况下"
#: "我自己也想开一个", "那个人开通呢": opening, or doing it, for a type.
OPENING_VERBS = ("开通", "开一个", "开个", "开户", "要开", "想开", "也开", "办", "呢")
#: What names a submission of one's own: whose it is, said anywhere before the thing.
#: "公司的进度", "我们单位的审核结果": one's own progress named by its owner, and nothing else.
OWN_PROGRESS_NOUN_RE = re.compile(
    r"(?:我们|咱们|阿拉|我)?(?:的)?(?:单位|公司|厂里?|机构|学校|医院|我)的?"
    r"(?:办事|申报|办件)?(?:进度|进展|审核结果|办理进度|结果)(?:呢|吧|啊|呀|嘞)?"
)
OWNER_WORDS = ("我", "阿拉", "咱", "本人", "单位", "公司", "厂", "机构", "学校", "医院")
#: "要多久回复": a question about the hand-off itself, answered beside the form.
HANDOFF_ITSELF_WORDS = ("回复", "回我", "答复", "回电", "联系我", "工单", "人工")
#: "要留电话吗", "会打电话给我吗", "多久回复": what the offered hand-off asks of one and
#: how it answers, asked while it waits for consent; the offer says both.
HANDOFF_WAY_WORDS = (
    "留电话",
    "留手机",
    "留号码",
    "留个电话",
    "留个手机",
    "留个号",
    "留邮箱",
    "留个邮箱",
    "留联系方式",
    "打电话给我",
    "打给我",
    "给我打电话",
    "联系我",
    "回复",
    "回我",
    "答复",
    "回电",
    "工单",
)
#: "参保证明打印那条删掉": a submission deleted, which the portal calls 注销.
DELETE_VERBS = ("删掉", "删了", "删除", "删去", "删吧", "删")
#: "不是删聊天记录，是删我交上去的申报": a clause that says what is not meant.
#: "不是删聊天记录", "我不是问怎么开通": a clause saying what is not meant.
NOT_MEANT_RE = re.compile(r"(?:我们?|俺|其实|我其实)?(?:不是|并不是|not )")
#: "你会干嘛", "你到底能做啥": the bot asked what it does.
ASKS_WHAT_BOT_DOES_RE = re.compile(
    # "还有别的能帮我的吗": what else it can do
    r"(?:别的|其他|其它)(?:还)?(?:能|可以)帮(?:我|忙|到我)?的|"
    r"你们?(?:都|还|到底|究竟)?(?:会|能|可以)(?:干|做|帮)(?:我|我们)?(?:干|做|办)?(?:点|些)?(?:嘛|啥|什么|别的)|"
    r"你们?(?:都|还|到底|究竟)?会(?:些|点)?(?:什么|啥|哪些)|"
    r"what can you do|"
    # "那你们管什么的呀": what this service is for
    r"你们?(?:都|到底|究竟)?(?:管|负责|办)(?:些|点)?(?:什么|啥|哪些)|"
    # "你能帮我查东西吗？都能查些什么": what it can look up
    r"(?:都|还)能(?:查|问|办)(?:些|点)?(?:什么|啥|哪些)|"
    # "机器人能回答啥", "你都能解答哪些": what it answers, asked of the machine by name
    r"(?:你们?|机器人|助手|客服)(?:都|还|到底|究竟)?(?:能|会|可以)(?:回答|答|解答|解决|回复)"
    r"(?:些|点)?(?:嘛|啥|什么|哪些)|"
    # "能干嘛", typed alone (an SMS to an unknown number): what it can do
    r"^\s*(?:都|还|到底)?(?:能|会|可以)(?:干|做)(?:点|些)?(?:嘛|啥|什么)\s*[?？!！。]*\s*$"
)
#: "登录不上去", "登不进去": trouble logging in on the portal, not a wish to log in here.
LOGIN_TROUBLE_WORDS = (
    "登录不上",
    "登不上",
    "登不进",
    "登录不进",
    "进不去",
    "登录失败",
    "登不了",
    "登录不了",
    # 陆 for 录, and the English word among Chinese ("网上办事 login 不了", spaces gone)
    "登陆不上",
    "登陆不了",
    "登陆失败",
    "login不了",
    "login不上",
    "login失败",
    "can't log in",
    "cannot log in",
)
#: "要钱不", "能办伐", "好了没": a question that ends in its own negative, not a no.
NEGATIVE_TAILS = ("不", "伐", "没", "否", "不啦", "没有")
#: What a 注销 said as an order names ("注销申报", "把我们的变更申请撤回"): a submission.
CANCEL_OBJECT_WORDS = (
    "申报",
    "申请",
    "申领",
    "登记",
    "提交",
    "报的",
    "交的",
    "增员",
    "减员",
    "变更",
    "办件",
    "事项",
    "业务",
    # "单位参保证明 我想把那次打印记录撤销": a query listed, by its name
    "打印",
    "参保证明",
    # "想注销掉重新报，受理号尾号3265": the number names one's own
    "受理号",
    "受理编号",
    "submission",
    "application",
)
#: A yes to any of the bot's yes/no questions (actions/yesno.py): a clause that is one of
#: these, or starts with one and goes on only with fillers or the question's own verb.
YES_WORDS = (
    # "嗯呐", "阔以", "没毛病", "妥": the yes of chat and of the north
    "嗯呐",
    "嗯哪",
    "好哒",
    "阔以",
    "可以滴",
    "没毛病",
    "妥了",
    "妥",
    "是的",
    "是啊",
    "是",
    "对的",
    "对啊",
    "对",
    "好的",
    "好啊",
    "好吧",
    "好嘞",
    "得嘞",
    "行嘞",
    "妥了",
    "好滴",
    "好",
    "嗯嗯",
    "嗯",
    "恩",
    "可以的",
    "可以",
    "确定",
    "确认",
    "没问题",
    "没错",
    "不错",
    "行吧",
    "行",
    "要的",
    "要得",
    "中",
    "成",
    "需要",
    "同意",
    "当然",
    "我要",
    "要",
    "ok",
    "okay",
    "yes",
    "yep",
    "sure",
    "y",
    "confirmed",
    "confirm",
)
#: Who answers, or a "then", before a yes or a no ("阿拉要的", "我同意", "那好吧").
ANSWER_LEADS = (
    # "想了想还是算了": a second thought, then the answer
    "我想了想",
    "想了想",
    "我想了一下",
    "想了一下",
    "考虑了一下",
    "考虑了下",
    "阿拉",
    "我们",
    "我",
    "那就",
    "那",
    # "有的话就转": a yes on the condition the question itself offers
    "有的话就",
    "有的话",
    "可以的话就",
    "可以的话",
    "能的话就",
    # "应该是吧", "应该不用了": a hedged answer is still the answer it hedges
    "应该",
    "大概",
    # "嗯…还是不了": the answer thought over
    "还是",
    # "要不还是算了吧", "要不就注销吧": a proposal, either way
    "要不",
    # "麻烦注销一下", "帮我撤了吧": the verb asked for politely
    "麻烦你",
    "麻烦",
    "帮我",
    "请",
)
#: A no: checked before the yes words, so "不用" is never a "用".
NO_WORDS = (
    "不用了",
    "不用",
    "不要了",
    "不要",
    "不需要",
    "还是算了",
    "算了吧",
    "算了",
    "算啦",
    "算咯",
    "先不了",
    "先不用",
    "先不",
    "先别",
    "暂时不用",
    "暂时不",
    "不了",
    "取消",
    "不是",
    "不对",
    "不行",
    "别了",
    "别",
    "否",
    "没必要",
    # 吴语 伐, not, leading the clause ("伐弄了", "伐要"); "好伐" asks
    "伐弄了",
    "伐弄",
    "伐要了",
    "伐要",
    "伐用了",
    "伐用",
    "伐高兴弄",
    "no",
    "nope",
    "不",
)
#: What may follow a yes or a no in the same clause ("好的谢谢", "不用了谢谢").
#: "哦那好吧", "噢行": the sound before a plain yes or no, after an answer.
ACK_LEADS = "哦噢喔"
#: "明白了", "收到", "哦哦", "晓得了", "好的了解": an answer taken in, with nothing asked.
ACK_RE = re.compile(
    # ("好伐 晓得了": 吴语 好伐, all right)
    r"我?(?:哦+|噢+|喔+|嗷+|嗯+|恩+|好的?|好吧|好伐|行吧?|ok|okay|oh|ah)?我?"
    r"(?:(?:明白|收到|了解|知道|晓得|懂|清楚|原来如此|原来这样|原来是这样|这样子?|get|gotit|noted|isee"
    # "ok understood", "ok good", "alright cool", "kk": taken in, in English chat
    r"|understood|alright|allright|cool|good|great|fine|perfect|makessense|clear|allclear"
    r"|gotcha|igotit|okthen|k+|okk+"
    # "早说嘛", "这还差不多": taken in with a grumble that it came late
    r"|早说|这还差不多|这才对|这就对了)"
    # "明白晒" (Cantonese: all understood)
    r"(?:了|啦|嘞|哈|啊|呀|咯|喽|哦|的|晒|嘛)*)*"
    r"(?:了|啦|嘞|哈|啊|呀|咯|喽|哦|的|嘛)*"
)
#: What an acknowledgment may be made of besides its words: alone, no acknowledgment.
ACK_PARTICLES = "我了啦嘞哈啊呀咯喽的嘛"
#: "我去改", "那我打12333问一下", "我自己再去试试": what the user will do next, told.
#: "我带上去窗口问": what the user will do with the answer (带 the papers, too).
OWN_PLAN_RE = re.compile(
    r"(?:那|那就)?我(?:就|先|再|还是|自己|马上|回头|明天|现在|这就|等下|等会)*"
    r"(?:去|来|打|问|改|弄|试|看|等|重新|找|联系|提交|上传|交|登|办|准备|记|帮|带|拿|补"
    # "我跟领导汇报一下": someone told what the answer said
    r"|(?:跟|和|向|给)[^，,。]{1,6}?(?:汇报|说|讲|商量|报告|反映|交代))"
)
#: "行 我礼拜一请个假去", "明天去": when or that the user will go, told.
GO_PLAN_RE = re.compile(
    r"(?:那|那就)?我?(?:们)?[^，,。.!！?？\s]{0,8}"
    r"(?:去|过去|跑一趟|走一趟|跑一次)(?:吧|了|哈|呀|啊|咯|喽)*"
)
#: "那我明天再说", "我下礼拜有空": a time the user will act, told.
TIME_PLAN_RE = re.compile(
    r"(?:那|那就)?我?(?:们)?(?:就|先|再|还是)?"
    r"(?:明天|后天|今天|下午|上午|晚点|晚些|等下|回头|过两天|过几天|改天|有空|下周|下礼拜|这周"
    r"|周[一二三四五六日末]|礼拜[一二三四五六天日]|星期[一二三四五六天日])[^，,。.!！?？\s]{0,8}"
)
#: "切 还得找业务单位 行吧知道了": the answer taken in last, after a grumble at it.
KNOWN_WORDS = ("明白", "知道", "晓得", "懂", "了解", "清楚", "收到")
#: "工单号我记下了": what the answer gave, noted down.
NOTED_RE = re.compile(
    r"[^，,。.!！?？\s]{0,8}(?:记下|记住|记好|存好|收好|截图|截屏)了?(?:啊|哈|哦)*"
)
#: "你比我们单位IT小哥靠谱多了哈哈": praise of the answer, which needs no reply of its own.
PRAISE_RE = re.compile(
    r"[^，,。.!！?？\s]{0,14}(?:靠谱|厉害|好用|给力|专业|聪明|牛)[^，,。.!！?？\s]{0,5}"
)
#: "老板不用亲自去吧", "不用带原件吧": whether a thing is not needed, asked for agreement.
NOT_NEEDED_ASKED_RE = re.compile(
    r"(?:不用|不需要|不必|用不着|无需)[^，,。.!！?？]{1,12}(?:吧|是吧|对吧|吗|么|伐)[?？~～]*$"
)
#: "谢了", "那谢谢你啊": thanks that close what the user said before them.
THANKS_TAIL_RE = re.compile(
    r"(?:那|那就)?(?:谢谢|多谢|谢了|谢啦|感谢|谢谢侬|辛苦|麻烦|thx|thanks|thankyou|thanku|tks|thanx|thnx)"
    r"(?:你|侬|您|你们)?(?:了|啦|啊|呀|哈|哦|嘞)*$"
)
#: "那我先打12333问问，拜拜": a goodbye that closes what the user said before it.
BYE_TAIL_RE = re.compile(
    r"(?:那|那就)?(?:拜拜|再见|拜了|bye|byebye|886|88)(?:了|啦|啊|呀|哈|哦|嘞|~|～)*$"
)
#: "还没审核那就再等等吧", "等你们消息": the user will wait, told (a few words of why first).
WAIT_PLAN_RE = re.compile(
    r"[^，,。.!！?？\s]{0,6}?(?:那|那就|那我|我)?(?:就|先|再)*"
    r"等(?:等|一等|一下|几天|着)?(?:你们|您|你)?的?(?:消息|通知|回复|电话|回音)?(?:吧|呗|咯|了|啊)*"
)
#: "那就等着吧", "那我再等等": a wait that follows from the answer, which 那 marks as taken in.
WAIT_PLAN_LEAD = "那"
#: "批了就好", "那就放心了": glad of what the answer said.
RELIEF_RE = re.compile(
    r"(?:哦|噢|那|那就)?(?:[^，,。.!！\s]{0,8}(?:就好|就行|放心))+(?:了|啦|嘞)*"
    # "哦哦好的 那不用跑了": a trip spared
    r"|(?:哦|噢|那|那就)?(?:我|我们)?(?:就)?(?:不用|不必|省得|用不着)(?:再)?(?:跑|去|过去|跑一趟)了?(?:啊|呀|哈)*"
)
#: "好吧 那打过去问问", "那我还是打电话问一下": a call the user will make, told.
CALL_PLAN_RE = re.compile(
    r"(?:那|那就)?我?(?:们)?(?:还是|就|再|先|自己)*打(?:过去|电话|个电话|12333|一下|一个)?"
    r"(?:问问|问一下|问下|问|咨询)(?:看|吧|了|一下)*"
)
#: "原来早就通过了": an answer that told the user something they had not known.
REALIZED_LEAD = "原来"
#: "哦已经注销了啊": the same, said of what has already happened.
REALIZED_RE = re.compile(r"(?:哦|噢|喔)?(?:已经|早就)[^，,。?？]{1,8}了(?:啊|呀|哦|喔|嘛)")
#: "不要了，注销吧" to a 注销 asked: the submission is what is not wanted.
SUBMISSION_DROPPED = ("不要了", "不想要了", "不办了", "不想办了", "不需要了", "不弄了")
YES_NO_FILLERS = (
    "谢谢你",
    "谢谢",
    "麻烦了",
    "麻烦你了",
    "帮我",
    "请",
    # "麻烦注销一下"
    "一下",
    "吧",
    "啊",
    "呀",
    "哈",
    "了",
    "的",
    "呢",
    "嘛",
    "吗",
    "你",
)
#: Each question's own verb, which a yes may repeat ("确认注销", "对，注销吧") and a no
#: may deny ("不注销").
CONFIRM_VERBS: dict[str, tuple[str, ...]] = {
    "cancel": (
        "注销掉",
        "注销了",
        "注销它",
        "注销这个",
        "注销这条",
        "注销",
        "撤回",
        "撤销",
        "作废",
        # "撤撤撤", "撤了吧": the short verb, said over
        "撤掉",
        "撤了",
        "撤",
        # "弄掉", "删掉吧": rid of it, said plainly
        "弄掉",
        "搞掉",
        "去掉",
        "删掉",
    ),
    "erase": ("删除", "删掉", "删了", "删", "清除"),
    "handoff": ("转人工", "转给人工", "人工", "转"),
    "alerts": ("开启提醒", "开启", "提醒我", "提醒", "通知我", "通知"),
}
#: A message with one of these asks something: it is never a bare yes or no.
#: "改一下好还是注销了重报好": two ways weighed, a question without a question word
#: ("我还是找个人问问好", "那还是注销好了" and a clause opened with it, "等等，还是先不撤了",
#: decide, they ask nothing).
CHOICE_QUESTION_RE = re.compile(
    r"[^\s我那就你他她也]还是[^，,。.!！\s]{1,12}?(?:好|合适|划算|方便|对)"
    r"(?:呢|啊|呀|吗|嘛)?(?:$|[，,。.?？])"
    # Cantonese A-not-A ("使唔使錢", "要唔要帶", "得唔得") and "有冇"
    r"|([\u4e00-\u9fff])唔\1|有冇"
    # "我直接改还是要先撤掉", "直接重报还是": one way weighed against doing another first
    r"|[^\s，,。.!！?？我那就你他她也]还是(?:要|得|需要)?先|直接[^，,。.!！\s]{1,6}还是"
    # "是在原来那条上改还是重新报一条": a clause that opens on 是 and weighs two ways
    # ("我是想了想还是不转了" opens on 我 and decides)
    r"|(?:^|[，,\s])(?:那|那么)?(?:是|到底是|究竟是)(?![的啊呀吧嘛滴])[^，,。.!！?？]{1,14}?还是(?!算了|不|别|先不)"
    # "要撤回来伐，还是直接改": one way asked, then the other offered
    r"|(?:伐|吗|嘛|么|呢)[，,\s]*还是"
    # "撤回还是修改", "改一下还是作废", "在原来那条上补传还是注销了重新报": the 注销 and
    # the change (or a file sent again) weighed
    r"|(?:撤|注销|作废)[^，,。.!！\s]{0,4}还是[^，,。.!！\s]{0,4}(?:改|修|补|传)"
    r"|(?:改|补|传)[^，,。.!！\s]{0,4}还是[^，,。.!！\s]{0,4}(?:撤|注销|作废)"
    # "改好了可以直接重新提交吧", "这样就行了是吧": a guess put up to be confirmed
    # (not the 能 of a word: "职业技能提升补贴那个撤销吧" orders)
    r"|(?:可以|(?<![技功职智本性体才])能)[^，,。.!！\s]{1,12}吧(?:$|[，,。.!！\s])|(?<![就算不该概])[是对]吧(?:$|[，,。.!！\s])"
)
#: Mandarin A-not-A ("收不收费", "用不用本人去", "交不交钱"): a question with no question
#: word. "对不对", "好不好", "行不行" may be an answer asked back, read by the yes/no
#: readings, and "不用不用", "不了不了", "不不不" refuse. (Not a choice between two ways,
#: which CHOICE_QUESTION_RE is: "能不能注销" asks the one way.)
A_NOT_A_RE = re.compile(r"(?<!不)(?![对好行不])(?P<verb>[\u4e00-\u9fff])不(?P=verb)")
QUESTION_CUES = (
    "?",
    "？",
    "什么",
    "怎么",
    "怎样",
    "哪",
    "为什么",
    "为啥",
    # Cantonese "why" ("點解唔通過"), typed in either script
    "点解",
    "點解",
    "谁",
    "多少",
    "多久",
    "几",
    "如何",
    "能不能",
    "是不是",
    "可不可以",
    "咋",
    "啥",
    "吗",
    "是否",
    "有没有",
    # Hangzhou/Wu 有没得 (is there)
    "有没得",
    "要不要",
    # 吴语's "…伐" ("要收钞票伐"): "or not", the question particle of Hangzhou's elders.
    "伐",
    "what",
    "how",
    "where",
    "when",
    "why",
    "which",
    "can i",
    "do i",
    "are you",
)
#: "号码给我", "告诉我网址": a detail ordered rather than asked, as good as a question.
INFO_ORDER_RE = re.compile(
    r"(?:号码|电话|网址|地址|链接|邮箱)(?:先|再)?(?:发|给|告诉)(?:一下)?我|"
    r"(?:告诉|发给|发|给)我(?:一下)?(?:号码|电话|网址|地址|链接|邮箱)"
    # "just tell me the 12333 number and the email"
    r"|\b(?:tell|give|send|show)(?: me)?\b[^.?!]{0,20}\b(?:number|phone|email|e-mail|address|website|link|url)\b"
)
#: "好几天了" counts days, it asks nothing: removed before the cues are looked for.
NOT_A_QUESTION = (
    "好几",
    "没多久",
    "不多久",
    "前几天",
    "这几天",
    "几天前",
    "前几个月",
    # 吴语 "伐弄了", "伐要了": a no, whose 伐 asks nothing
    "伐弄了",
    "伐要了",
    "伐用了",
    "伐高兴弄",
    # "好伐 晓得了": all right, then the answer taken in, asking nothing
    *(f"好伐{gap}{known}" for gap in ("", " ", "，", ",") for known in ("晓得", "知道", "明白")),
)
#: "第一页再给我看看", "从头再看": the list again from its first page.
FIRST_PAGE_WORDS = ("第一页", "从头")
#: What asks for more of anything, and names nothing ("还有呢", "其他的呢", "下一页").
MORE_ONLY_WORDS = (
    "更多",
    "下一页",
    "下页",
    "还有",
    "其他",
    "其它",
    "别的",
    "另外",
    "的",
    "呢",
    "吗",
    "吧",
    "啊",
    "more",
    "next",
    "else",
    "other",
)
#: "再看一下全部": the list of submissions again from its first page.
LIST_AGAIN_WORDS = ("全部", *FIRST_PAGE_WORDS, "回到前面", "前一页", "上一页", "再看一遍")
#: "怎么撤销": how it is done, not "do it now".
HOW_WORDS = (
    "怎么",
    "怎样",
    "如何",
    "咋",
    # 吴语 "哪能弄" (怎么弄); "弄得哪能了" asks how it stands (HOW_IT_STANDS)
    "哪能",
    # not a bare "how ", which "show " holds
    "how to",
    "how do",
    "how does",
    "how can",
    "how should",
    "how would",
    "how i ",
    "how we ",
)
#: "那个申请怎么样了": how it stands, not how to do it (怎么 inside).
HOW_IT_STANDS = ("怎么样", "状态如何", "情况如何", "进展如何", "进度如何", "结果如何", "哪能了")
#: "撤回了还能再申请吗": a question about the 注销 that asks about submitting again
#: (faq/resubmit); any other ("为啥不能撤") is about the rule of fixing (faq/fix_data).
#: "那已经注销掉的那条还能恢复吗": a 注销 undone, which the portal has no way of; the
#: guide's way back is handing it in anew.
CANCEL_UNDONE_RE = re.compile(
    r"(?:注销|撤销|撤回|作废|撤掉)[^，,。？?！!]{0,8}?(?:恢复|还原|复原|找回)"
)
#: "补上以后怎么交", "改好以后要重新等审核吗", "重新传清楚了再交就行吗": handing in again
#: once the slip is fixed, asked in one breath.
ONCE_FIXED_AGAIN_RE = re.compile(
    r"(?:改好|改完|改过|改了|改对|改正|修改好|补上|补好|补齐|补传|补完|重新传|重传|传清楚|弄好|换好)"
    r"[^，,。？?！!]{0,6}?"
    r"(?:再交|重新交|重新提交|再提交|怎么交|咋交|怎么提交|重新等审核?|重新审核?|再审核?|要重新审"
    # "身份证号码改对了还能接着交吗": going on with it, once fixed
    r"|(?:接着|继续)(?:交|提交)"
    # "改好之后还能用原来那条提交吗": handed in on the one it was, which is going in again
    r"|(?:用|在|从)原来(?:的|那条|那个|那一条|那份)?(?:上|里)?(?:面)?(?:再|直接)?(?:提交|交|报))"
)
#: "改了再交就行吧", "重新提交可以吧": a way put up for the bot to confirm, which asks
#: as much as a question mark would.
CONFIRM_ASKED_TAIL_RE = re.compile(
    r"(?<=[^，,。\s]{2})(?:(?:就|也)(?:行|可以|好|成)|可以|行)了?吧[。.!！~～]*$"
)
RESUBMIT_WORDS = (
    "重新交",
    "重新提交",
    "再交",
    "再提交",
    "重新报",
    "重报",
    "重交",
    "再申请",
    "重新申请",
    "再申报",
    "重新申报",
    "再报",
    "再办",
    "重新办",
    "重新录",
    "重录",
    "再录",
    # a batch is imported (导入) from a spreadsheet, and imported again to resubmit it
    "重新导",
    "再导",
    "重导",
    # 送出 is how Taiwan says submitting (改好了可以重新送出嗎)
    "重新送出",
    "再送出",
    "重送",
    # "改好了还要重新审吗": it goes in again, and so through the review again
    "重新审",
    "再审一",
    "resubmit",
)
#: "为啥没通过", "怎么会被驳回": a question why.
#: "怎么还没结果", "一直没动静是怎么回事": a wait complained of, which the guide explains
#: (a declaration waits for staff to review it; a query answers at once).
STILL_NOT_WORDS = (
    "还没",
    "还是没",
    "一直没",
    # "页面一直显示未审核": a status shown unchanged for days
    "一直显示",
    "都没",
    "迟迟没",
    "还不",
    "一直不",
    # "怎么还在审 都两个月了": still under review
    "还在",
    "一直在",
    "仍在",
    "not yet",
    "still no",
    # "why it still 未审核": a status still shown, said in English
    "still 未",
    "still pending",
    "still under",
)
WAITING_FOR = ("结果", "审", "批", "动静", "消息", "回复", "通过", "处理", "result", "review")
#: "还没通过" waits; "没通过" alone was rejected: removed before the status is read.
STILL_WAITING = ("还没通过", "还是没通过")
#: "为什么参保证明打印一下就好了": a result at once, which the guide explains (a query).
AT_ONCE_WORDS = (
    # "为什么这个不用审核": no review at all, of a query
    "不用审",
    "不需要审",
    "无需审",
    "不用等审",
    # "为啥这个当天就有结果": the same day, of one whose result came at once
    "当天就",
    "一下就",
    "一下子就",
    "马上就",
    "立马",
    "立刻",
    "立即",
    "当场",
    "当即",
    "即时",
    "马上有",
    "马上出",
    "秒出",
    "秒批",
    "直接就",
    "一点就",
    "这么快",
    "那么快",
    "instantly",
    "right away",
)
#: "一直显示未审核 是不是系统坏了": the portal suspected of the wait, which asks its why.
WHY_OF_WAIT = (
    "怎么回事",
    "咋回事",
    "什么情况",
    "啥情况",
    "怎么还",
    "咋还",
    "how come",
    "坏了",
    "出问题",
    "故障",
    "卡住",
    "bug",
)
#: "职业年金那个怎么了": what became of one, which 怎么 asks without asking how to.
#: "减员那个怎么是已注销": how it came to show that status, which its details tell.
WHAT_BECAME_WORDS = (
    "怎么了",
    "咋了",
    "怎么样了",
    "咋样了",
    "怎么是",
    "咋是",
    "怎么变成",
    "咋变成",
    "怎么成了",
)
#: "交了一个星期了还没审核！！！", "前天报的，到现在还没结果": a wait complained of, which
#: asks the same why as WHY_OF_WAIT when no look-up is asked for with it.
#: "两个月了", "三个礼拜了", "10多天了": how long it has waited, counted.
WAIT_SPAN_RE = re.compile(
    r"(?:[一二两三四五六七八九十几半\d]+|好几)多?个?多?(?:天|周|星期|礼拜|月|年)多?了"
)
WAIT_SPAN_WORDS = (
    "一个星期",
    "一周",
    "好几天",
    "几天了",
    "半个月",
    "一个月",
    "好久",
    "很久",
    "蛮久",
    "老久",
    "这么久",
    "到现在",
    "有没有人管",
    "有没有人在管",
)
WHY_WORDS = (
    "为什么",
    "为啥",
    "为何",
    "怎么会",
    "咋会",
    "凭什么",
    "凭啥",
    "点解",
    "點解",
    "咋没",
    "咋被",
    "怎么没",
    "怎么被",
    "why",
)
#: What may stand around a bare why ("为啥呀", "那为什么").
WHY_FILLERS = "那呀啊呢哦嘛么都"
#: "为什么不行", "凭啥不让": a bare why of the refusal just given.
WHY_OF_REFUSAL_WORDS = ("不行", "不能", "不可以", "不让", "不给")
#: "删不了", "撤不掉", "不能注销": the 注销 failing, said by its verb.
CANCEL_FAILS_RE = re.compile(
    r"(?:删|撤|注销|注消|取消|作废)(?:除|回|销|掉)?(?:不了|不掉)|不(?:能|让|可以|给)(?:删|撤|注销|注消|取消|作废)"
)
#: "那它什么时候会审", "审核一般要多久的": when or how long, which the guide never says.
WHEN_WORDS = (
    "什么时候",
    "啥时候",
    "何时",
    "多久",
    "多长时间",
    "几天",
    # 繁體 and Cantonese: "幾時會審完㗎", "要幾耐"
    "幾時",
    "几时",
    "幾耐",
    "几耐",
    "多耐",
    # 吴语: "这个啥辰光审核好"
    "啥辰光",
    "啥时光",
    "how long",
    "when will",
)
#: "前几天", "这几天", "几天前": days gone by, told, not how many days asked; so are
#: "交了几天了" and "刚成立没多久".
PAST_DAYS_RE = re.compile(r"[前这那过好]几天|几天(?:前|之前|以前)|了好?几天了|[没不](?:多久|几天)")
#: A 受理编号 read out digit by digit and written down by speech recognition
#: ("HZ二零二六一一二三零七四一五"): its digits in Chinese, 幺 for one as on the phone.
SPOKEN_ACCEPTANCE_RE = re.compile(r"H[\s-]*Z[\s-]*[零〇一二三四五六七八九幺\d\s-]{13,}", re.I)
SPOKEN_DIGITS = str.maketrans("零〇一二三四五六七八九幺", "001234567891")
#: Said around a name with "the newest/oldest" ("最早那个…也注销了"), naming nothing.
NAME_FILLERS = ("也", "再")
#: "已经审核通过的减员那条": what goes before a status said beside a part of a name.
STATUS_LEADS = ("已经",)
#: "所有的": all of them, said as a noun.
LIST_ALL_TAIL = "的"
#: Whose submission: one's own or one's unit's ("我们民非单位的", "我们学校的").
_OWN_LEAD = (
    r"(?:我的|我自己的|我那个|我那条|我们的|我们单位的?|我们公司的?|我们机构的?|我司的?|咱们?单位的?"
    r"|我们[^，,。？?！!]{0,4}?(?:单位|公司|机构|学校|医院)的?"
    # "刚才那个就业登记还在审吧": one of one's own, named earlier in the talk
    r"|刚才那个|刚刚那个|上次那个)"
)
#: An item of the portal's, by the word its name ends on.
_ITEM_WORD = r"(?:登记|申领|申报|增员|减员|变更|打印|补贴|申请|办件)"
#: "我的就业创业证申领现在什么状态了", "我们单位职业年金基数申报是不是被退了", "减员那个是
#: 被注销了吗": one's own submission, named by its item, and how it stands asked (a
#: 注销 only as a state it is in): the look-up, not the guide.
OWN_ITEM_STATUS_RE = re.compile(
    _OWN_LEAD + r"[^，,。？?！!]{0,14}?" + _ITEM_WORD + r"[^，,。？?！!]{0,8}?"
    r"(?:什么状态|啥状态|状态|怎么样了|咋样了|到哪|还没弄好|还没好|还没办好|审了没|审核了没|审完了?没"
    r"|通过了?没|过了没|批了没|是不是被退|被退了|退回了没|有结果了?吗|有结果没|进度"
    r"|审核了吗|审了吗|审完了吗|批了吗|通过了吗|办好了[没吗]|弄好了[没吗]|好了没|approve"
    r"|被注销|变成注销|怎么注销了|成了注销|还在审|在审核中"
    # "…职业年金基数申报被打回来了 咋回事": why it was sent back, which its details say
    r"|(?:退回|驳回|打回|没通过|没过)[^，,。？?！!]{0,4}(?:咋回事|怎么回事|为什么|为啥|什么原因|啥原因)"
    r"(?![^，,。？?！!]*(?:不能|不行|不可以|不让|不给))"  # "…为啥不能撤": the rule asked
    r")"
)
#: "怎么查", "在哪看": how a look-up is done, asked.
HOW_TO_LOOK_RE = re.compile(r"(?:怎么|怎样|如何|咋|哪里|哪儿|在哪)(?:才能|能|可以|去)?(?:查|看)")
#: "查一下我的就业创业证申领", "帮我看看我们单位的增员申报": one's own, looked up by name.
OWN_ITEM_CHECK_RE = re.compile(
    r"(?:查|看)(?:一下|一查|一看|下|查|看)?" + _OWN_LEAD + r"[^，,。？?！!]{0,14}?" + _ITEM_WORD
)
#: "复印件重新传一下": a file of a submission sent again, which is fixing its data.
REUPLOAD_WORDS = ("重新传", "重新上传", "再传", "再上传", "补传", "补上传", "重传")
#: "缺的盖章工资汇总表在哪传": where a missing file of a submission is sent in.
MISSING_FILE_SENT_RE = re.compile(
    r"(?:缺|少|漏)[^，,。？?]{0,12}?(?:在哪|哪里|哪儿|去哪|怎么|咋)(?:里)?(?:上|补)?传"
)
#: "改完能再交吗", "重新审核吗": a verb of handing in, without which "怎么重新传" (a file
#: uploaded again) is a fix of the data, not a submission again.
SUBMIT_VERBS = ("交", "报", "申请", "提交", "审", "送出", "submit", "apply")
#: "为啥不能撤", "撤回了还能重新交吗": a question about the rule, not a 注销 asked for.
NOT_A_CANCEL_WORDS = (*WHY_WORDS, *RESUBMIT_WORDS)
#: What a pick by status says around the status ("审核未通过的那一条", "看下没通过那个").
PICK_FILLERS = (
    "被",
    # "驳回的是哪个", "哪个被驳回了": which one has the status, asked of the list
    "是哪个",
    "哪一个",
    "哪个",
    "哪一条",
    "哪条",
    "一条",
    "一个",
    "一项",
    "那",
    "看看",
    "看下",
    "看一下",
    "查看",
    "打开",
    "点开",
)
#: "被驳回的": a status made a noun by its last character.
STATUS_NOUN_END = "的"
#: "没通过的那个": words that make a status a noun phrase pointing at one item.
POINTING_AFTER_STATUS = ("的那", "那个", "那条", "那笔", "那项", "那份", "那件", "的呢", "one")
#: Clauses that start like a yes but change the subject ("对了，我还想问…").
NOT_A_YES = ("对了", "好像", "好多", "行政", "可以吗", "是否")
#: A refusal or a hesitation inside any clause ("嗯……先不要，我再想想", "不撤了",
#: "我不想注销"): the message is a no, whatever yes came first. Consent to an action that
#: can't be undone must be unmixed. Not 算了 here: inside a clause it may mean "worked
#: out" ("材料算了好几遍"); a clause that starts with it is a no already (NO_WORDS).
REFUSAL_INSIDE = (
    "不要",
    "不用",
    "不需要",
    "不想",
    "不撤",
    "不删",
    "不注销",
    "不转",
    "不办",
    "不弄",
    "先不",
    "暂时不",
    "别注销",
    "别删",
    "别撤",
    "别转",
    "再想想",
    "想一想",
    "再考虑",
    "考虑一下",
    "考虑考虑",
    "等一下",
    "等一等",
    "回头再说",
    "以后再说",
    # "等等再说", "先放着", "再说吧": put off, which is no consent
    "等等再说",
    "等会再说",
    "等会儿再说",
    "再说吧",
    "先放着",
    "先放一放",
    "先留着",
    "改天再",
    "hold on",
    "not now",
    "don't",
)
#: "算了那个留着", "还是保留吧": to a 注销 or an erasing, keeping it is the no (to a
#: hand-off, "电话你们留着" is no refusal, so only those questions read these).
KEEP_WORDS = ("留着", "保留", "不动它", "别动它", "别动了")
#: The questions a keeping answers no: a 注销, and the erasing of one's records ("呃还是
#: 留着吧" to whether the conversation is deleted).
KEEPING_ABOUT = ("cancel", "erase")
#: A refusal of one way of contact ("我不想留电话") refuses that way, not the question.
REFUSED_CONTACT_KINDS = ("电话", "手机", "号码", "phone", "number")
#: "可以，不过只留邮箱行吗": a yes to the hand-off, with a question about the way of contact.
CONTACT_KINDS = (*REFUSED_CONTACT_KINDS, "邮箱", "email", "e-mail", "mail")
#: How far after a refusal word the way of contact may stand ("不想留电话").
REFUSED_CONTACT_REACH = 4
#: Characters that may lead a leave word: "我先不转了", "那算了", "还是算了", "就不用了",
#: and the sounds a change of mind opens with ("哦那不用转了", "嗯那算了").
LEAVE_LEADS = "我那还是就哦噢喔嗯啊呃额诶哎唉呀哟"
#: "等下，其实我就是想问密码丢了怎么重置" while a person is being asked for: what the user
#: needed was the answer, not the hand-off.
ONLY_MEANT_TO_ASK_RE = re.compile(r"其实(?:我)?(?:就是|只是|就|只|是)?想(?:问|知道|了解)")
#: "点半天没反应", "页面一直转圈", "老是报错": the portal failing the user, which the guide
#: never explains; a person may see.
SITE_FAILING_RE = re.compile(
    r"(?:点|按|页面|网页|网站|系统|按钮|屏幕)[^，,。？?！!]{0,6}?没(?:有)?(?:反应|动静)"
    # "那个弹框死活不出来", "验证码一直刷不出来": a part of a screen that will not show
    r"|(?:弹框|弹窗|对话框|验证码|页面|网页)[^，,。？?！!\s]{0,6}?(?:不出来|出不来|刷不出|打不开|加载不)"
    r"|一直转圈|转圈圈|卡(?:住|死|着不动)|老是报错|一直报错|总是报错|(?:系统|页面|网页|网站)报错|闪退|白屏"
    r"|太难用|难用死|真难用"
    # "打不开怎么办" said alone after the site's address: the site will not open
    r"|^(?:还是|老是|一直|总是|根本|网站|网页|网址|页面|链接)*打不开(?:了|啊|呀|呢)*(?:怎么办|咋办|怎么弄)?[?？。!！]*$"
)
#: "被退回了", "审核没通过": one's own submission's fate told alone, logged out; the
#: guide's answer is how to change or cancel it.
REJECTION_TOLD_RE = re.compile(
    r"(?:我的|我们的|单位的)?(?:申请|申报|东西|材料|资料)?(?:又|已经)?(?:被|给)?"
    r"(?:退回|驳回|打回|退)(?:来|去)?了?[啊呀哦嘛]*|(?:审核)?没(?:有)?(?:通过|过)[啊呀哦嘛]*"
)
#: "我们的申报被打回来了咋整": what to do about a filing sent back, asked (not why it was,
#: "咋回事", which its details say).
RETURN_WHAT_NOW_RE = re.compile(
    r"(?:退回|驳回|打回|没通过|没过|被拒)[^，,。？?]{0,8}"
    r"(?:咋整|咋办|怎么办|咋弄|怎么弄|怎么处理|如何处理|怎么改|该咋|该怎么|咋话弄|哪能弄|接下来)"
    # "my application was rejected, what should I do"
    r"|(?:rejected|sent back|returned|not approved)[^?？]{0,30}"
    r"(?:what (?:should|can|do) (?:i|we) do|how (?:do|can|should) (?:i|we) fix)"
)
#: A message this long, or of two clauses or more, may tell a story before its question.
MIN_STORY_CHARS = 30
#: How far from its end a story's question is looked for.
STORY_TAIL_CHARS = 12
#: "我现在要怎么弄啊", "到底咋办", "该怎么处理": what to do now, naming nothing
#: (吴语 "哪能弄", "哪能办").
WHAT_NOW_RE = re.compile(
    r"(?:怎么|咋|如何|怎样|哪能)(?:弄|办|搞|整|处理|解决)|(?:该|要)怎么(?:弄|办|做)?|咋整|咋个弄"
)
#: "不是问方法，…": a question set aside before the one asked.
SET_ASIDE_RE = re.compile(r"(?:我)?不是(?:问|想问|要问|在问)[^，,。；;]{0,10}[，,。；;]")
#: "不是问密码，是问网址": the address named alone, once what is not meant is set aside.
WEBSITE_MEANT_RE = re.compile(
    r"^(?:是|我是|我)?(?:问|要|想问|想要|找)?(?:的)?(?:那个)?(?:网址|网站地址|网站|网页地址)(?:呢|啊|的)?$"
)
#: "注销完了呢", "改好以后呢": what comes once a submission is changed or withdrawn,
#: which is handing it in again.
AFTER_FIX_NEXT_RE = re.compile(
    r"^(?:那|那么)?(?:改完|改好|修改完|修改好|撤完|撤回完|撤销完|撤掉|注销完|注销好|注销掉|作废完)"
    r"(?:了)?(?:以后|之后|后)?(?:呢|然后呢|接下来呢|下一步呢|再怎么弄|怎么弄)[?？]*$"
)
#: "改完直接提交就行?": whether, once changed, it is simply handed in again.
SUBMIT_AFTER_FIX_RE = re.compile(
    # "撤完重新提交就行了吧": once withdrawn, handed in anew
    r"(?:改完|改好|修改完|修改好|改过|撤完|撤回完|注销完|作废完)(?:了)?(?:以后|之后|后)?"
    r"(?:再|直接|就|重新)*(?:提交|交|报)"
    r"(?:上去)?(?:就行|就可以|就好|就完了|可以|行)?(?:了)?(?:吗|吧|嘛|么|伐|呢)?[?？]*$"
)
#: "单位的证件呢", "公司要带的材料呢": the unit's papers, asked in a few words.
UNIT_PAPERS_RE = re.compile(
    r"^(?:那)?(?:单位|公司|企业|我们单位|我们公司)(?:这边|那边)?(?:的|要带的|要的|开通的|开通要的)?"
    r"(?:证件|材料|证照|资料)(?:呢|是啥|是什么|有哪些|要哪些|要啥)?[?？]*$"
)
#: "那重新报一遍可以吧", "能再交吗": whether one may hand in again, asked of the act (not
#: "重新提交的那个审核了吗", which asks after the one handed in).
RESUBMIT_ASK_RE = re.compile(
    "(?:" + "|".join(RESUBMIT_WORDS) + ")"
    r"(?:一遍|一次|一下|一份|一个)?(?:可以|行|能|成|好)?(?:吗|吧|不|么|嘛|伐|呢)?[?？]*$"
)
#: "那先按民办非企业的给我看看", "就按事业单位来": a type chosen for the answer, in a
#: sentence longer than a bare type.
TYPE_CHOSEN_RE = re.compile(r"(?:按照|按)[^，,。？?]{2,8}?(?:的|来|算)")
#: "那个网指是多少", "換密碼的那個網站是哪個": the site's address asked, however the rest
#: of the message sounds.
WEBSITE_ASK_RE = re.compile(
    r"(?:网址|网指|网趾|网止|网站|網站|網址|网页)(?:是|在|叫)?(?:多少|哪个|哪個|什么|什麼|啥|哪里|哪儿)"
    r"(?:啊|呀|呢|来着|嘞)?(?:[，,。.？?！!\s]|$)"
    # "那个网址再发一下", "网址发我": the address asked to be sent
    r"|(?:网址|网指|网站|網址|网页)(?:再|重新)?(?:发|给|说|打)(?:一下|一遍|下|我|给我)"
    # "网纸是多少": a slip of 址 that sounds the same
    r"|网纸(?:是|在)?(?:多少|哪个|什么|啥)"
)
#: "网上办事格个东西咋个开通啦", "网上办事要怎么开同啊": how to open it, asked in
#: words no reading can move (the papers, the password or a detail asked beside it are
#: their own topics).
OPEN_HOW_RE = re.compile(
    r"(?:怎么|咋个?|如何|怎样|怎么样|咋样)(?:才能|才|能|可以|去|来|样)?"
    r"(?:开通|开同|开桶|开tong)"
    # "网上办事作啥西要去窗口开通伐": why the counter opens it
    r"|(?:为啥|为什么|作啥西|做啥西|干嘛|咋)[^，,。？?！!]{0,8}?(?:去|跑|到)窗口[^，,。？?！!]{0,3}?开通"
    r"|开通[^，,。？?！!]{0,4}?(?:要|得|必须|非要|非得)(?:去|跑|到)窗口"
    # "骑手能不能用网上办事": who may have it, which is who opens it
    r"|^[^，,。？?！!]{0,8}?(?:能不能|可不可以|能否|可以|能)用网上办事(?:吗|嘛|呢|啊|伐)?[?？]*$"
    # "托我去帮他开通那个人社网上办事，我…也搞不清楚": the opening, and lost at it
    r"|开通[^。？?！!]{0,20}?(?:搞不清|弄不清|不懂|不会弄|不会办|不知道怎么|不晓得怎么)"
)
#: "用户名哪来", "用户名和密码在哪里领取": where the login comes from, which is the opening.
CREDENTIALS_SOURCE_RE = re.compile(
    r"(?:用户名|账号|帐号|账户|帐户)(?:和密码|跟密码|密码)?(?:是|要|得)?(?:从|在|去|到)?"
    r"(?:哪|哪里|哪儿|什么地方|啥地方)(?:来|领|拿|弄|取|发|给|申请|获取)"
)
#: "签完了就能拿到用户名密码了？": whether the opening hands the login over there and then.
CREDENTIALS_HANDED_RE = re.compile(
    r"(?:就能|就会|就可以|当场|马上|直接)?(?:拿到|领到|拿|领|给)(?:我)?(?:用户名|账号|帐号)"
    r"[^，,。]{0,4}?(?:了|吗|么|伐|嘛|没)[？?]*$"
)
#: "拿到用户名密码了，接下来怎么用": the login in hand, what to do with it next ("身份证我
#: 重新拍清楚了，接下来怎么弄" is a submission's next step, no login in hand).
NEXT_USE_RE = re.compile(
    r"(?:拿到|领到|有了|开通了|开好了)[^，,。]{0,10}?(?:用户名|账号|帐号|密码)?[^，,。]{0,6}?"
    r"[，,\s]*(?:接下来|然后|之后|下一步|接着)(?:该|要)?(?:怎么|咋|如何)(?:用|弄|办|操作|搞)"
)
OPEN_OTHER_TOPIC_WORDS = ("材料", "带", "证件", "密码", "用户名", "网址", "登录")
#: "我要先干嘛", "不知道从哪开始": where to begin, which for a newcomer is the opening.
START_ASK_RE = re.compile(
    r"(?:先|首先)(?:要|得|该|应该|需要)?(?:干嘛|干啥|干什么|做什么|做啥|弄啥|办啥|怎么做|怎么弄)"
    r"|从哪(?:里|儿)?(?:开始|下手|入手|弄起|做起|办起)|怎么开始"
)
#: "我想在网上办失业登记，第一步要干嘛": the first of the guide's steps, which its steps
#: tell (the opening among them).
FIRST_STEP_RE = re.compile(
    r"第一步(?:要|得|该|应该|需要)?(?:干嘛|干啥|干什么|做什么|做啥|弄啥|是什么|是啥|怎么做|怎么弄)"
)
#: "为什么参保证明打印一提交就有结果，别的要等": why a query answers at once and a filing
#: waits, asked of a named one or of none.
AT_ONCE_WHY_RE = re.compile(
    r"(?:为什么|为啥|咋|怎么)[^。？?！!]{0,16}?(?:一提交就|一交就|马上|立刻|立马|即时|当场|直接)"
    r"(?:就)?(?:有|出)(?:了)?结果"
    # "为啥它没人审就直接通过了": a query, which no one reviews
    r"|(?:为什么|为啥|咋|怎么)[^。？?！!]{0,10}?(?:没人审|没审|不用审|不审)(?:核)?就(?:直接)?(?:通过|过|批)"
)
#: "是能直接改，还是要作废重新报": changing weighed against cancelling, the two ways of
#: fixing a submission that the guide's answer on fixing data gives.
FIX_OR_CANCEL_RE = re.compile(
    r"(?:改|修改)[^？?。]{0,8}?还是[^？?。]{0,6}?(?:作废|注销|撤|删)"
    r"|(?:作废|注销|撤|删)[^？?。]{0,8}?还是[^？?。]{0,6}?(?:改|修改)"
)
#: "哦我有市民邮箱的", "他办过市民邮箱": a mailbox had, told, which is the guide's answer
#: that the mailbox already opens online services.
MAILBOX_HAD_RE = re.compile(
    r"^(?:我|他|她|我们|我爸|我妈|老人)?(?:有|办过|开过|开了|用的是|是)(?:杭州)?市民(?:邮箱|信箱)(?:用户)?(?:的|啊|呀|哦)*$"
)
#: "第一次用", "刚开了家小公司…网上": a newcomer, whose beginning is the opening.
NEWCOMER_WORDS = ("第一次", "头一回", "刚开", "新开", "刚成立", "刚注册", "新手", "没用过", "网上")
#: "没审的还能注消是吧", "审核通过了还能改吗": whether a submission in a state may be
#: cancelled or changed, which the guide's answer on fixing data tells state by state.
FIX_RULE_RE = re.compile(
    r"(?:没审|未审|还没审|没通过|未通过|审核通过|通过了|批了|退回)[^，,。？?]{0,8}?"
    r"(?:还能|能不能|可不可以|可以|能)(?:随便|自己|直接|再)?(?:注销|注消|撤|改|修改)"
    # "没通过的能改了再交吗" asks the handing in again, after the change
    r"(?![了好完后掉]*(?:再|重新)(?:交|提交|报|申报|递交))"
)
#: "交上去了咋个晓得好没好", "我怎么知道它被打回了": how one learns a submission's outcome.
HOW_TO_KNOW_RE = re.compile(
    r"(?:怎么|咋个?|如何|怎样|从哪|在哪)(?:才能|能|可以|会)?(?:知道|晓得|得知)"
)
#: "怎么看审核结果", "在哪查办理进度": how one looks a submission's outcome up.
HOW_TO_LOOK_OUTCOME_RE = re.compile(
    r"(?:怎么|咋个?|如何|怎样|在哪里?|去哪里?)(?:才能|能|可以|去)?(?:看|查)(?:到|看)?"
    r"(?:审核|审批|办理)?(?:结果|进度|状态)"
)
#: "…好没好", "…被打回了": an outcome, which HOW_TO_KNOW_RE asks how to learn.
OUTCOME_KNOWN_WORDS = (
    "好没好",
    "好了没",
    # "交了以后怎么知道办好没"
    "办好",
    "弄好",
    "办成",
    "通过",
    "打回",
    "退回",
    "驳回",
    "审",
    "结果",
    "批",
)
#: "进不去", "登不上了": the login failing, said alone.
LOGIN_FAILS_RE = re.compile(
    r"^(?:我|还是|又|怎么)*(?:登录|登陆|登|进)?(?:不进去|不上去|进不去|登不上|登不进去?|进不了|登不了)"
    r"(?:了|啊|呀|哦|呢)*[。.!！?？]*$"
)
#: "被退回了，帮我看看": words that ask to look, beside a rejection or a slip told.
LOOK_ASKED_WORDS = ("查", "看", "进度", "状态", "列", "显示", "check", "status", "show")
#: "那就不用转人工了", "别转客服": a person declined, which asks for none.
PERSON_DECLINED_RE = re.compile(
    # "要不转人工问问" suggests a person: 要不 is "how about"
    r"(?:不用|不要|不需要|不必|别|没必要|(?<!要)不)(?:再|帮我|给我)*(?:转|找|接|联系)(?:个)?"
    r"(?:人工|真人|客服|工作人员)"
)
#: "发我链接", "给个登录链接": the login link asked for.
LINK_ASK_RE = re.compile(
    r"(?:发|给|来)(?:我|一下|个|一个|下)*(?:登录|登陆)?(?:的)?(?:链接|link)"
    # "链接再发我一次": the link named first
    r"|(?:链接|link)(?:再|重新)?(?:发|给)(?:我|一下|下|一次|一遍)"
)
#: "第二种方式是啥意思": a part of the answer just given, by its number.
#: "你刚才说的", "前面讲的": the bot's last answer pointed back at, leading a follow-up.
BACK_REFERENCE_RE = re.compile(
    r"^(?:那)?(?:你|您)?(?:刚才|刚刚|前面|上面|之前)(?:说|讲|提)(?:的|到的)"
)
ANSWER_PART_RE = re.compile(
    r"第[一二三两1-3](?:种|个方式|个方法|个办法)|方式[一二三1-3]|方法[一二三1-3]"
)
#: Leaving a form at any step ("算了 不用了 我自己去窗口问吧"): a clause starting so.
LEAVE_WORDS = (
    "算了",
    "算啦",
    "算咯",
    "不用了",
    "不用",
    "不要了",
    "不需要",
    "不转了",
    "不转",
    # "不要转了", "别转了": the transfer refused in its own verb
    "不要转",
    "别转",
    "取消",
    "退出",
    "先不",
    "不办了",
    "不弄了",
    # "不留了 我直接去窗口": a step of the form refused in its own verb
    "不留了",
    "不填了",
    "不写了",
    # hesitating is leaving too: nothing is sent on a "maybe later"
    "再想想",
    "想想再说",
    "考虑一下",
    "再考虑",
    "改天",
    "回头再说",
    "以后再说",
    "下次再说",
    "先这样吧",
    "不想转",
    "不麻烦了",
    "不必了",
    "没事了",
    "nevermind",
    "cancel",
    "stop",
    "quit",
)
#: "这个要怎么改": words that point at the submission on screen.
POINTING_WORDS = ("这个", "这条", "这笔", "这一条", "这份", "这项", "那个", "那条", "它", "该申报")
#: What a request says around the thing it names ("帮我把…注销掉吧").
REQUEST_FILLERS = ("帮我", "麻烦", "请", "把", "给我", "一下", "掉", "吧", "了", "的", "呢", "啊")
#: "那个增员的审了没": whether it went through, said after the part that names it.
REVIEWED_YET_RE = re.compile(
    r"(?:审核?|批|过|办好?)了?(?:没|吗|么|没有)|(?:怎么|咋)样了|(?:审核?|办|批)?到哪(?:一步|步|里)?了?"
)
#: "还有那个减员的能撤掉吗": what a part of a name is pointed at with, asked and added on.
#: "我要注销的是基数那条": who wants it, and the "是" that names it.
POINTED_PART_FILLERS = (
    "还有",
    "另外",
    "也",
    "能不能",
    "能",
    "可以",
    "可不可以",
    "吗",
    "么",
    "我要",
    "我想",
    "就是",
    "是",
    "我",
    # "那个增员的也一起撤了": with it
    "一起",
    # "那减员那条帮我撤回": the 那 that leads on from what was said before
    "那",
    "一并",
    "顺便",
    "审了没",
    "审了吗",
    "审核了没",
    "审核了吗",
    "批了没",
    "的",
)
#: Details the guide never gives (answered with faq/not_in_guide, never invented).
#: "好，我下班了，帮我登出": the user's own hours, said, not the windows' asked.
#: "儿子在外地上班", "我在外地也帮不上忙": where someone is, told as the story's background,
#: not asked of (as "人在外地也能上去办吗" is).
ELSEWHERE_TOLD_RE = re.compile(
    r"(?:儿子|女儿|孩子|老公|老婆|他|她)(?:现在|人)?在外地(?:上班|打工|工作|读书|上学)?"
    r"|在外地(?:上班|打工|工作|读书|上学)|在外地也帮不上"
)
OWN_HOURS_SAID = (
    "我下班",
    "我要下班",
    "我先下班",
    "我上班",
    "我要上班",
    "我周末",
    "我放假",
    "我午休",
)
#: "组织机构代码证我们没有咋办", "没有工商营业执照…这怎么办": a paper the user lacks,
#: of which the guide says nothing (read with the punctuation taken out).
MISSING_PAPER_RE = re.compile(
    r"没有[^？?]{0,10}(?:证|执照|证书|证明|公章|文件)[^？?]{0,14}?(?:咋办|怎么办|怎么弄|咋弄|行不行|可以吗|行吗)"
    r"|(?:证|执照|证书|证明|公章)[^？?]{0,6}没有[^？?]{0,4}(?:咋办|怎么办|怎么弄|咋弄|行不行|可以吗|行吗)"
    # "单位批准成立文件，年代久了找不到怎么办": a listed paper lost ("身份证…网上办事密码
    # 丢了怎么弄" loses the password, which stands between)
    r"|(?:证|执照|证书|证明|文件|公章)(?:(?!密码|账号|帐号|用户名|密马)[^？?]){0,10}?"
    r"(?:找不到|丢了|弄丢|遗失|不见了)[^？?]{0,6}?"
    r"(?:咋办|怎么办|怎么弄|咋弄|行不行|可以吗|行吗)"
    # "营业执照我们没有的呀 只有民政发的登记证书": the paper lacked, another one offered
    r"|(?:证|执照|证书|证明|公章)[^？?]{0,6}没有[^？?]{0,4}只有"
    r"|没有(?:营业执照|执照|证书|公章)[^？?]{0,6}只有"
    # "我们只有民非登记证书 没有营业执照的": the other one first
    r"|只有[^？?]{1,12}?(?:证|执照|证书|证明)没有(?:营业执照|执照|证书|公章|代码证)"
)
#: "那单位名称也改了，网上办事要重新开通吗": whether a renamed unit opens anew, of which the
#: guide says nothing.
RENAMED_REOPEN_RE = re.compile(
    r"(?:改名|更名|名称(?:也)?(?:改|变|换)|名字(?:也)?(?:改|变|换))[^？?]{0,20}?重新开通"
)
#: "不预约的话", "要是不打印的话": a condition of leaving something out.
SKIPPED_IF_RE = re.compile(r"不[\u4e00-\u9fff]{1,6}?的话")
#: "有没有手机app", "浙里办上能弄吗": a channel besides the web portal, of which the guide
#: says nothing ("approved", "apply" are no app).
#: "手机上能办伐", "手机能不能弄": the portal on a phone, which the guide says nothing of
#: ("我手机号是…" names a contact).
OTHER_CHANNEL_RE = re.compile(
    r"(?<![a-z])apps?(?![a-z])|客户端|小程序|公众号|浙里办|支付宝上"
    r"|手机上|手机版|移动端|用手机(?:办|弄|登|操作|能|可以)"
    r"|手机(?:能不能|可不可以|能|可以)(?:办|弄|登|操作|用)|on (?:my |the |a )?(?:phone|mobile)"
)
#: "一年要交多少服务费": a fee of the service's own, which the guide never names.
SERVICE_FEE_WORDS = ("服务费", "手续费", "工本费", "收费")
NOT_IN_GUIDE_CUES = (
    *SERVICE_FEE_WORDS,
    # "is there an English version of the site": the portal's languages, never said
    "english version",
    "in english",
    "英文版",
    # "网上办事晚上能用吗": when the portal can be used, which the guide never says
    # "密码输错几次会锁吗": a lock-out rule, which the guide never gives
    "输错几次",
    "错几次",
    "几次会锁",
    "会不会锁",
    "会被锁",
    "晚上能用",
    "晚上可以用",
    "晚上能办",
    "晚上可以办",
    "半夜能",
    "几点能用",
    "什么时候能用",
    # "要不要插U盾": the guide's log-in is a username and a password; keys and
    # certificates it never names
    "u盾",
    "ukey",
    "u-key",
    "数字证书",
    "ca证书",
    "ca锁",
    "电子签章",
    # "人在外地也能上去办吗": where the user is, of which the guide says nothing
    "在外地",
    "不在杭州",
    "在国外",
    "在外省",
    "异地办",
    # "外地身份证也行吗": an ID of another province, of which the guide says nothing
    "外地身份证",
    "外省身份证",
    "外地的身份证",
    "外省的身份证",
    # "身份证过期了还能办伐": an expired card, of which the guide says nothing
    "身份证过期",
    "身份证到期",
    "证件过期",
    # "那个咨询电话是24小时都有人接的吗": the line's hours, which the guide never gives
    "24小时",
    "二十四小时",
    "全天有人",
    # "12333是全天的吗"
    "全天的",
    "全天吗",
    "全天都",
    "具体地址",
    # "受理点有地方停车吗": the counter's parking, which the guide never gives
    "停车",
    "详细地址",
    "哪条路",
    "几楼",
    "楼层",
    "哪个楼",
    "哪栋",
    "哪一楼",
    "几层",
    "哪一层",
    "哪层",
    "几号窗口",
    "门牌",
    "几号楼",
    "几份",
    "多少份",
    # limits the guide never gives ("一次最多导多少条")
    "最多能",
    "最多导",
    "最多传",
    "最多报",
    "上限是",
    "多少条",
    "how many copies",
    "how many sets",
    # papers other than the ID card the guide names: whether they do is not said
    "护照",
    "passport",
    "回乡证",
    # "香港身份證得唔得": an ID card of Hong Kong or Macao, not the one the guide means
    "香港身份",
    "澳门身份",
    "澳門身份",
    "港澳身份",
    "台胞证",
    "通行证",
    "临时身份证",
    "临时证",
    "几张",
    "多少张",
    "几点上班",
    # 吴语 辰光 (time): "啥辰光上班", "啥辰光开门"
    "辰光上班",
    "辰光开门",
    "辰光关门",
    "时候上班",
    "时候开门",
    "几点能",
    "几点有人",
    "几点下班",
    # when reviewers work: "晚上交的会不会没人审"
    "没人审",
    "晚上审",
    "晚上有人审",
    "周末审",
    "周末也审",
    "周末有人审",
    "节假日审",
    "放假审",
    "几点开门",
    "几点关门",
    "收费吗",
    # 繁體 and Cantonese: "重置使唔使錢㗎", "要唔要收費"
    "錢",
    "收費",
    "免費",
    "付費",
    "is it free",
    "any fee",
    "how much does it cost",
    "要钱吗",
    "收不收费",
    "多少钱",
    # fees in other words: the guide never says whether anything costs money
    "钞票",
    "铜钿",
    "收费",
    "免费",
    "付费",
    "花钱",
    "要钱",
    "收钱",
    "掏钱",
    # office hours and days, which the guide never gives
    "下班",
    "上班时间",
    "办公时间",
    "工作时间",
    "服务时间",
    "营业时间",
    "几点到几点",
    "几点钟",
    "周六",
    "周日",
    "周末",
    "星期六",
    "星期天",
    "星期日",
    "礼拜六",
    "礼拜天",
    "双休",
    "节假日",
    "放假",
    "午休",
    # how the copies are made and where ("复印件用A4纸还是随便": the paper's size)
    "a4",
    "纸张",
    "彩印",
    "彩色",
    "黑白",
    "正反面",
    "去哪印",
    "哪里印",
    "哪儿印",
    "去哪复印",
    "哪里复印",
    "哪里能复印",
    "哪能复印",
    "打印店",
    "复印店",
    "交钱",
    "给钱",
    "出钱",
    # whether a review can be hurried: the guide gives no way ("谁能催一下" is a person's)
    "加急",
    "加快审",
    "快点审",
    # what the counter keeps, and papers the guide's lists never name
    "原件要留",
    "原件留",
    "留在窗口",
    "收走",
    "户口本",
    "户口簿",
    "户籍证明",
    "居住证",
    "暂住证",
    "学生证",
    "结婚证",
    # ways in the guide never names ("有没有扫码登录或者刷脸登录")
    "扫码",
    "刷脸",
    "人脸识别",
    "指纹",
    # how many times something may be done
    "次数限制",
    "限制次数",
    "能交几次",
    "能报几次",
    # a stamp on a copy: the guide lists the documents, never how each is stamped
    "加盖",
    "盖公章",
    "盖章不",
    "盖章吗",
    "得盖章",
    "盖个章",
    "盖单位章",
    "盖章伐",
    "要盖章",
    "要盖公章",
    "要不要盖",
    "盖不盖",
    "需要盖章",
    "需不需要盖",
    # the seal itself brought along ("公章要带伐"), which no list names
    "公章要带",
    "带公章",
    "公章带",
    # 吴语 敲章 for 盖章: "复印件要敲章伐"
    "敲章",
    "敲个章",
    # an appointment before going: the guide never mentions one
    "预约",
    "appointment",
    "booking",
    # forms to download, and someone else going in one's place: the guide says neither
    "下载",
    # "申请单网上能下截吗": 截 slipped in for 载
    "下截",
    "模板",
    "模版",
    "template",
    "代办",
    "代他",
    "代她",
    "替他",
    "替她",
    "委托",
    # other cities: the guide is Hangzhou's
    "宁波",
    "温州",
    "绍兴",
    "嘉兴",
    "湖州",
    "金华",
    "台州",
    "上海的",
    "外地的",
    "别的城市",
    "其他城市",
    # how long anything takes (a review, a reset, the username): the guide gives no times
    "多久",
    "多长时间",
    "how long",
    # "为啥拖这么久": the time a review takes, complained of
    "这么久",
    "那么久",
    # in days: "最多要等多少天" ("前几天交的" says when, and asks nothing of the kind)
    "多少天",
    "要几天",
    "需要几天",
    "得几天",
    "要等几天",
    "得等几天",
    "几个工作日",
    "多少个工作日",
    "多少工作日",
    # "那申报的一般几天审完", "几天能弄好" ("过几天就去" tells a plan and stays out)
    "一般几天",
    "大概几天",
    # 吴语 毛估估 (roughly): "毛估估几天 三天还是一礼拜"
    "估估几天",
    "估计几天",
    "大约几天",
    "几天审",
    "几天批",
    "几天出结果",
    "几天能审",
    "几天能好",
    "几天能弄好",
    "几天能办好",
    "几天办好",
)
#: "没通过的那个": a status said as a noun phrase picks an item; "审核通过了没" asks about all.
PICKING_PARTICLES = ("的", "那")
#: "我提交的时候身份证号填错了": a slip in the user's own data, which is fixed as the
#: guide says (faq/fix_data), or, with a submission on screen, in that one.
DATA_SLIP_WORDS = (
    "提交错",
    "交错了",
    "填错",
    "写错",
    "输错",
    "录错",
    "打错",
    "选错",
    "传错",
    "填反",
    "漏填",
    "填漏",
    "少填",
    "多填",
    "错填",
    "填写有误",
    "填得不对",
    "填的不对",
    "写得不对",
    "写的不对",
    "信息有误",
    "数据有误",
    "资料有误",
    "wrong data",
    "typo",
    # a unit's staff changes: "减员减错了一个人", "多报了两个人"
    # "已经审核通过的申报发现人数报错了": a figure filed wrongly ("系统报错了" is the site's)
    "人数报错",
    "基数报错",
    "金额报错",
    "工资报错",
    "减错",
    "增错",
    "加错",
    "多报",
    "少报",
    "漏报",
    "报多了",
    "报少了",
    # "有3个填低了被打回来": a figure entered too low or too high
    "填低",
    "填高",
    "报低",
    "报高",
    # "工资多打了一个零": a figure typed with a digit too many or too few
    "多打了",
    "少打了",
    "多输了",
    "少输了",
)
#: "我根本没办过失业登记 怎么审核通过了", "这条不是我报的": a submission on one's list that
#: one never filed, which only the bureau's people can look into.
NEVER_FILED_RE = re.compile(
    r"(?:根本|从来|压根)没(?:有)?(?:办|申请|报|交|提交|申报)过[^，,。]{0,10}?"
    r"(?:怎么|咋|为什么|为啥|怎会|怎么会)[^，,。]{0,6}?(?:通过|审核|批|有|出现|多了)"
    r"|不是我(?:们)?(?:报|交|提交|申请|办|申报)的"
)
#: "身份证号错了": a field of a submission said to be wrong (with DATA_WRONG_WORDS after it).
DATA_FIELDS = (
    "身份证",
    "证件号",
    "号码",
    "姓名",
    "名字",
    "工资",
    "金额",
    "基数",
    "人数",
    "日期",
    "银行",
    "地址",
    "信息",
    "数据",
)
DATA_WRONG_WORDS = ("错了", "有误", "不对", "错误", "弄错", "搞错", "有错", "出错")
#: The login's own slips ("密码输错了") are not a submission's data.
LOGIN_SLIP_WORDS = ("密码", "用户名", "账号", "帐号", "登录", "登陆", "验证码", "password")
#: "审核结果有误", "类型选错了": a disputed result or the applicant type, not one's own data.
#: ("…审核通过了，结果减错了一个人": 结果 there is "and then", the slip is one's own).
NOT_OWN_DATA_WORDS = (
    "审核结果",
    "结果有误",
    "结果不对",
    "结果错",
    "结果是错",
    "结果有问题",
    "类型",
)
#: "我要修改这个", "那你帮我改一下": a change asked for, which is never a 注销.
MODIFY_WORDS = (
    "修改",
    "更改",
    "更正",
    "改正",
    "改一下",
    "改下",
    "改掉",
    "改过来",
    "帮我改",
    "要改",
    "想改",
    "modify",
    "correct it",
)
#: "86个人里就3个不对 能只改那3个吗": whether (part of) a filing can be changed, asked,
#: which is how data are fixed, however like a dispute of the result ("不对") it sounds.
CAN_CHANGE_RE = re.compile(r"(?:能|可以|可不可以|能不能)(?:只|单独|就)?(?:改|修改)")
#: "缺什么材料", "审核意见是什么": a question about what the submission on screen says.
#: "这个信息我填错了，还能改吗", "填错了应该怎么处理": whether or how a slip can be fixed,
#: which the guide answers, not a question about what the submission says.
FIX_ASK_WORDS = (
    # "身份证号错了在哪改": where the change is made, which the guide says
    "哪改",
    "哪里改",
    "哪儿改",
    "哪修改",
    "哪里修改",
    "能改",
    "可以改",
    "改吗",
    "怎么改",
    "咋改",
    "如何改",
    "能修改",
    "可以修改",
    "怎么修改",
    "怎么处理",
    "如何处理",
    "怎么办",
    "咋办",
    "怎么弄",
)
#: After a HOW_WORDS word ("咋整", "怎么搞", "如何办"): asking how to deal with a slip.
FIX_VERBS = ("改", "修改", "办", "弄", "整", "搞", "处理")
#: "缺啥", "还差了什么", "补哪个": what a submission lacks, asked of it.
_LACK_ASKS = tuple(
    verb + what
    for verb in ("缺", "缺少", "少", "补", "补充", "差")
    for what in ("什么", "啥", "哪", "了什么", "了啥", "些什么", "点啥")
)
#: "基本信息变更那个是啥时候交的": when it went in, which its details show ("什么时候审"
#: asks when it will be reviewed, which the guide never says).
SUBMITTED_WHEN_WORDS = (
    "啥时候交",
    "什么时候交",
    "啥时候提交",
    "什么时候提交",
    "啥时候报",
    "什么时候报",
    "哪天交",
    "哪天提交",
    "哪天报",
    "几号交",
    "几号提交",
    # 吴语 "是啥辰光弄个" (什么时候弄的): 辰光 is time, 个 the 的 of a thing done
    "辰光弄个",
    "辰光弄的",
    "辰光交个",
    "辰光报个",
    "辰光办个",
    "时候弄的",
    "时候办的",
    "when was it submitted",
)
ITEM_CONTENT_WORDS = (
    *_LACK_ASKS,
    "审核意见",
    "什么意见",
    "啥意见",
    "什么原因",
    "啥原因",
    "原因是",
    # "原因", "看原因", "理由呢", "why": the reason, asked in a word
    "原因",
    "理由",
    "why",
    "reason",
    "哪里有问题",
    "什么问题",
    "啥问题",
    "哪里错",
    "哪错",
    "错在哪",
    "哪里不对",
    "哪儿不对",
    "怎么回事",
    "什么意思",
    "啥意思",
    "就是说",
    "意思是",
    "被退回",
    "被驳回",
    "为什么没通过",
    "为啥没通过",
    "what is missing",
    *SUBMITTED_WHEN_WORDS,
)
#: "个体户开通网上办事算单位还是个人": which of the two one is, asked; neither said.
#: "业务单位": the office that handles an item (the guide's word), no unit of the user's.
BUSINESS_UNIT_WORD = "业务单位"
UNIT_OR_PERSON_RE = re.compile(
    r"(?:单位|公司|企业)(?:还是|或者|或是)(?:算|属于|按)?个人|个人(?:还是|或者|或是)(?:算|属于|按)?(?:单位|公司|企业)"
)
#: "数据填错了然后已经提交上去了": it went in, told; a slip told so asks how to correct it.
SENT_IN_WORDS = (
    "提交了",
    "提交上去",
    "提交过",
    "已提交",
    "交上去",
    "报上去",
    "已经交了",
    "已经报了",
    "申报了",
)
#: "我前几天在网上报了失业登记，现在弄好了没有": the user's own submission (a first
#: person and a submitting verb) and whether it is done: a look-up, not the how-to.
OWN_SUBMITTED_WORDS = (
    "我报了",
    "我报的",
    "我交了",
    "我交的",
    "我提交了",
    "我提交的",
    "我申报了",
    "我申报的",
    "我申请了",
    "我申请的",
    "我办了",
    "我办的",
    "我们报了",
    "我们报的",
    "我们交了",
    "我们提交了",
    "我们提交的",
    "我们申报了",
    "我们申报的",
    "我们申请了",
    "我们申请的",
    "上网报了",
    "网上报了",
    "网上交了",
    "网上申请了",
    "网上申报了",
    "网上提交了",
    "网上办了",
    "公司的申报",
    "公司报的",
    "单位的申报",
    "单位报的",
    "I submitted",
    "I applied",
)
DONE_YET_WORDS = (
    "好了没",
    "好没好",
    "好了吗",
    "好了吧",
    "办好了",
    "弄好了",
    "办完了",
    "通过了没",
    "通过没",
    "过了没",
    "批了没",
    "批下来了没",
    "批下来没",
    "审核了没",
    "审了没",
    "审完了没",
    "审好了没",
    "有结果了",
    "有结果没",
    "出结果了",
    "出结果没",
    "怎么样了",
    "到哪了",
    "到哪里了",
    "到哪儿了",
    "到哪一步",
    "进度如何",
    "进度怎么样",
    "状态如何",
    "进展如何",
    "情况如何",
    "批了吗",
    "审核了吗",
    "审了吗",
    "通过了吗",
    "审完没",
    "办下来了没",
    "下来了没",
    "有消息了",
    "有消息没",
    # 吴语: 弄得哪能了 (怎么样了)
    "哪能了",
    "is it done",
    "approved yet",
)
#: "我们单位在网上报的东西", "我的就业登记": a first person or one's unit, then within the
#: clause a submitting verb, or one's own thing ("我的…"); with DONE_YET_WORDS a look-up.
#: "交了多少", "交了几年": an amount or a length asked, of a payment or a benefit.
AMOUNT_ASK_WORDS = ("多少", "几年", "几个月", "几块")
#: "…交的养老保险参保登记": what ends a filing named as a thing.
FILED_THING_MARK = "的"
#: "查…", "帮我看一下…": a message that opens by ordering a look.
LOOK_ORDER_LEAD_RE = re.compile(r"^(?:帮我|给我|麻烦|请|你)?(?:查|看|查查|看看|瞧瞧)(?:一下|下)?")
OWN_FILED_RE = re.compile(
    r"(?:我|阿拉|咱|本人|单位|公司|厂|机构)[^，。,.!?！？\s]{0,10}?(?:报|交|提交|申请|办|登记)(?:上去|上来|过去)?(?:的|过|了)"
)
OWN_SUBMITTED_RE = re.compile(
    OWN_FILED_RE.pattern
    + r"|(?:我|我们|阿拉|咱们?|单位|公司|厂里|厂|自己)的(?!密码|用户名|账号|帐号)"
)
#: Not a submission on the portal: the login, or opening it at the counter.
NOT_PORTAL_SUBMISSION_WORDS = ("密码", "用户名", "账号", "帐号", "开通", "开户", "password")
#: "我的问题怎么样了": what was handed to a person, unless a submission is named.
NOT_SUBMISSION_THINGS = ("问题", "单子")
#: "我们单位提交过哪些事项", "我都办过哪些事": what one has handed in, asked.
OWN_HANDED_IN_ASKED_RE = re.compile(
    r"(?:我|我们|单位|公司|她|他|名下)[^，,。？?]{0,4}?(?:提交|交|报|申报|办)(?:过|了)"
    r"(?:哪些|什么|啥|几个|几条)(?!月|年|人|钱)"
)
#: "我自己的申报", "我们的申请", "单位办事": the user's own submissions, named as such.
OWN_SUBMISSIONS_RE = re.compile(
    r"(?:(?:我们?|自己|咱们?|本|阿拉)(?:单位|公司|企业|厂里?|学校|医院|机构|中心)?|单位|公司)的?"
    # "本单位所报事项": what was handed in, said before the noun
    r"(?:所(?:报送|申报|报)的?)?"
    # "我们单位的近度": 近 typed for 进
    r"(?:申报|申请|办件|事项|业务|办事|进度|进展|近度)|"
    # "登录一下看看我的": mine, said last, with nothing after it
    r"(?:看看|看下|看一下|查查|查下|查一下)(?:我|我们)的[。.!！~]*$|"
    # "你直接帮我查我自己的那条": one of one's own, looked up for the user
    r"帮我(?:查|看)(?:一下|下|查|看)?(?:我|我们)(?:自己)?的(?:那|这)(?:条|个|笔|份)|"
    # "我们单位提交过哪些事项", "我都办过哪些事": what one has handed in, asked
    + OWN_HANDED_IN_ASKED_RE.pattern
    + r"|"
    # "我们公司的办理记录", "我的记录呢": one's own records (not to be erased: "删掉我的记录")
    r"(?<!删掉)(?<!删除)(?<!清除)(?<!删)(?:我们?|自己|咱们?|阿拉)(?:单位|公司|企业|厂里?|学校|医院)?的?"
    r"(?:办理|办事|申报|提交)?记录(?![^，,。]{0,4}(?:删|清))|"
    # "查我自己单位的": one's own, said last; "我自己那几条帮我看看": several of one's own
    r"(?:查|看)(?:一下|下)?(?:我|我们)?自己(?:单位|公司)?的[。.!！~]*$|"
    r"(?:我|我们)(?:自己)?的?(?:那|这)(?:几|些)(?:条|个|笔|份)|"
    r"\b(?:my|our) (?:submissions?|applications?|filings?)\b"
)
#: What may stand beside one's own filings named, the message asking nothing else ("我的
#: 记录呢", "我们单位的办事记录给我看看").
OWN_FILINGS_FILLERS = (
    "康康",
    "看看",
    "看一下",
    "看下",
    "查查",
    "查一下",
    "查下",
    "列一下",
    "列出来",
    "列出",
    "查",
    "看",
    # what the first reading of 办事 leaves of "办事记录", "办事进度"
    "记录",
    "进度",
    "给我",
    "帮我",
    "有哪些",
    "那",
    "嗯",
    "对",
    "哦",
    "先",
    "再",
    "都",
    "呢",
    "吧",
    "啊",
    "呀",
)
#: "我的申请账号密码在哪查": about the login, not about submissions.
SECRET_WORDS = ("密码", "用户名", "账号", "帐号", "password")
#: "看看列表": the list of the user's submissions, from its first page.
LIST_WORDS = (
    "列表",
    "清单",
    "办件列表",
    "the list",
    # "申报记录" with the list or one of it on screen: all of them again
    "申报记录",
    "办事记录",
    "提交记录",
    "申请记录",
    "办件记录",
)
#: "还没审核的有哪些": which of the listed ones are in a status, asked of the list.
#: "哪几个还能改的": which may still be changed or withdrawn, what the list's statuses tell.
STILL_CHANGEABLE_WORDS = ("能改", "可以改", "能修改", "可以修改", "能撤", "能注销", "可以注销")
WHICH_ONES_WORDS = (
    "有哪些",
    "有哪几",
    "哪几个",
    "哪几条",
    "哪些",
    "有几个",
    "有几条",
    "which ones",
)
#: "都列出来", "麻烦列一下": the list ordered, with the verb alone.
LIST_ORDER_WORDS = (
    "列出",
    "列一下",
    "列下",
    "列个",
    "列一列",
    "列给",
    "罗列",
    "list them",
    "list all",
)
#: "把申报的流程列一下": what the guide tells, listed, not the user's submissions.
GUIDE_LISTS = ("流程", "步骤", "材料", "方法", "方式", "steps")
#: "给我看看", "看一下": with the list on screen and nothing else said, the list again
#: (spaces taken out).
BARE_SHOW_ORDERS = ("看看", "看一下", "看下", "瞅瞅", "瞧瞧", "showme", "letmesee")
#: Said around a bare order ("麻烦给我看看吧").
ORDER_POLITE_LEADS = ("麻烦", "请", "帮我", "给我", "你", "再")
ORDER_POLITE_TAILS = "吧呗呀啊哈嘛"
LIST_ALL_WORDS = ("全部", "所有")
#: "也能改吗", "can it be changed": whether a change may be made.
#: "能只改那3个吗": changing, however the words around it fall.
CHANGE_CHAR = "改"
CAN_CHANGE_WORDS = ("能改", "可以改", "改得了", "能不能改", "change", "modify", "edit")
#: "已经approved的也能改吗": a status said in English.
ENGLISH_STATUS_WORDS = ("approved", "rejected", "pending", "under review", "cancelled")
#: "弄好以后咋个查办得怎么样了": after the submission, a look at how it stands.
LOOK_AFTER_WORDS = ("查", "看", "晓得", "知道")
STANDING_AFTER_WORDS = (
    "怎么样",
    "咋样",
    "到哪",
    "进度",
    "状态",
    "结果",
    "审完",
    "审好",
    "批了",
    "批没",
    "通过没",
    "status",
)
#: "再看下进度": what a look at one's own submissions names.
PROGRESS_NOUNS = ("进度", "进渡", "申报", "办件", "进展", "submission")
#: What a link is asked for to look at: one's progress or a query's result.
LOOK_UP_LINK_WORDS = (*PROGRESS_NOUNS, "查询")
#: "好了，你看吧", "弄好了 查吧": done (logging in), said before the order to look.
DONE_LEAD_RE = re.compile(r"^(?:好了|好啦|好嘞|弄好了|搞定了?|登好了|ok了)")
#: "看", "再查一下", "调出来": a look ordered and nothing else, which the list on screen
#: completes; "现在能看了吧": whether it may be looked at now, which asks the same.
BARE_LOOK_RE = re.compile(
    r"^(?:再|帮我|给我|麻烦|你|现在|那)*"
    r"(?:(?:(?:能|可以)(?:看|查)了|(?:看|查)了(?=[吧吗嘛没]))(?:吧|吗|嘛|没)?"
    r"|(?:看看|查查|瞧瞧|查询|显示|列出来|调出来|调出|调一下|翻翻|翻一下|列|看|查|瞧)"
    # "再查一次", "再看一遍": the look again
    r"(?:一下|下|一眼|一次|一遍|遍|次)?(?:吧|呢|啊|呀)?"
    # "show them", "ok check it now" (spaces gone)
    r"|(?:please|pls|ok|okay|now|letme)*(?:show|list|check|see|view)"
    r"(?:them|it|me|mine|all|please|pls|now)*)$"
)
#: "到哪一步了", "审完了没": how things stand, asked bare, which right after the login is
#: the look-up the login was for.
BARE_STANDING_RE = re.compile(
    r"^(?:那|那么|现在|目前)?(?:审|办|弄)?"
    r"(?:到哪一步|到哪了|到哪里|到哪儿|怎么样|咋样|审完|审好|批)了?(?:没|吗|呢|啊|呀)?$"
)
#: "都有哪些", "一共几个": which there are, asked bare, of one's own once logged in.
BARE_WHICH_RE = re.compile(
    r"^(?:那|那么)?(?:都|一共|总共|全部)?(?:有)?"
    r"(?:哪些|哪几个|哪几条|啥|什么|几个|几条|多少条|多少个)(?:呢|啊|呀|吧)?$"
    # "所有记录", "全部列表": the records themselves, named bare
    r"|^(?:那|那么)?(?:所有|全部|全部的|所有的)?(?:记录|列表|清单)(?:呢|啊|呀|吧)?$"
)
LIST_LOOK_WORDS = ("看", "查", "显示", "列", "给我", "发我", "show", "see", "view", "check")
#: "想查一下…申报为什么被退回了", "想看看社保基数申报的结果": the user orders a look at
#: (LOOK_ORDER_WORDS) the outcome (OUTCOME_WORDS) of something they filed (FILED_NOUNS).
LOOK_ORDER_WORDS = (
    "想查",
    "查一下",
    "查下",
    "查查",
    "想看",
    "看看",
    "看一下",
    "看下",
    "查询一下",
)
#: "你直接帮我查我自己的那条", "给我看看我们单位的": a look at one's own ordered, in words
#: that name no submission.
OWN_LOOK_RE = re.compile(r"(?:帮我|给我|替我|帮忙)(?:直接)?(?:查|看)[^，,。？?]{0,4}?(?:我|我们)")
#: "查办事进度", "看进度": a message that opens with the look itself is an order to look.
LOOK_ORDER_LEADS = ("查", "看", "帮查", "帮看", "check ")
#: "我哪来的用户名啊", "账号是谁给的": where the login comes from (the counter issues it).
ACCOUNT_ORIGIN_WORDS = (
    "哪来",
    "哪里来",
    "从哪",
    "没人给",
    "谁给",
    "哪里领",
    "在哪领",
    "去哪领",
    "哪里拿",
    "在哪拿",
    "怎么来的",
    "怎么获得",
    "怎么得到",
)
#: The login's own names, of which ACCOUNT_ORIGIN_WORDS ask.
ACCOUNT_NOUNS = ("用户名", "账号", "帐号", "账户", "帐户")
#: "刚才不小心把密码发出来了", "诶我怎么把身份证发出来了", "啊呀密码不该发的": a secret
#: the user regrets having typed here; with a verb of erasing, the chat's record.
SECRET_SENT_RE = re.compile(
    r"(?:密码|密马|身份证|证件号|卡号|password|id ?number)[^，,。.!！?？]{0,6}"
    r"(?:发出来|发出去|发上来|发过来|发上去|发了|发错|不该发|不应该发|打出来|贴出来|sent|typed)"
)
#: "你们会保存我说的话吗，能删掉吗": the conversation itself, of which an erasure is asked.
#: "把这条记录删掉": with a verb of erasing and no submission named, the chat's record.
RECORD_WORD = "记录"
CONVERSATION_WORDS = (
    "说的话",
    "聊天记录",
    "对话记录",
    "聊天内容",
    "对话内容",
    "我说的",
    "聊的",
    # "不该把密码发出来的，能删掉记录吗": what the user sent here
    "发出来",
    "刚发的",
    "刚才发的",
    "消息记录",
    # "号码不该发的，能删掉这段对话吗": this conversation itself
    "这段对话",
    "这段聊天",
    "这次对话",
    "对话删",
    "聊天删",
    "不该发",
)
#: "说是已经审核通过了", "显示驳回": what the user was told or shown, said first.
TOLD_LEADS = ("说是", "说已经", "显示", "上面写着", "上面显示", "写的是", "提示")
#: "我想查进度": wanting, said before the look ordered.
WANT_LEADS = ("我想", "我要", "想要", "想", "麻烦", "请")
FILED_NOUNS = ("申报", "申请", "登记", "备案", "提交的", "报的", "交的")
OUTCOME_WORDS = ("结果", "进度", "退回", "驳回", "没通过", "未通过", "打回", "审核", "批下来")
#: "拿到以后然后呢", "接下来呢": the next step after the one just answered.
NEXT_STEP_WORDS = (
    "然后呢",
    "接下来呢",
    "下一步呢",
    "之后呢",
    "以后呢",
    "再然后",
    "然后怎么办",
    "然后干嘛",
    "然后做什么",
    "接下来怎么办",
    "接下来干嘛",
    "接下来做什么",
    "下一步怎么办",
    "下一步做什么",
    "下一步干嘛",
    "what next",
    "and then",
)
#: "我没有市民邮箱 就一个身份证": not a mailbox user, so the individual's way of opening.
NO_MAILBOX_WORDS = (
    "没有市民邮箱",
    "没市民邮箱",
    "不是市民邮箱",
    "没开市民邮箱",
    "没有开市民邮箱",
    # "那我老婆没有邮箱的呢", said of the mailbox just answered
    "没有邮箱",
    "没邮箱",
    "没有市民信箱",
    # "阿拉老太婆没得市民邮箱" (Wu and southwestern speech)
    "没得市民邮箱",
    "没得邮箱",
)
#: "我办过杭州市民邮箱…还要去窗口开通吗": a mailbox had, with the opening asked about.
MAILBOX_WORDS = ("市民邮箱", "市民信箱", "citizen mailbox", "citizen email")
#: The topics a mailbox user's question about opening is taken for, besides its own.
MAILBOX_NEAR_TOPICS = frozenset({"not_in_guide", "open_online", "documents", "flow"})
#: "用户名是不是就是身份证号": what the username is, which the counter issues (guide 第 1 问).
USERNAME_IS_WORDS = (
    "用户名是不是",
    "用户名就是",
    "用户名是什么",
    "用户名是啥",
    "账号是不是",
    "账号就是",
    "账号是什么",
    "帐号是不是",
    "帐号是什么",
)
#: "看下全部工单", "所有事项": lists of other things.
NOT_SUBMISSIONS_WORDS = ("工单", "事项", "材料", "ticket")
#: "你能直接帮我看吗" right after the guide's answer on checking progress: do it, the look-up.
DO_IT_FOR_ME_WORDS = (
    "帮我看",
    "帮我查",
    "帮我们看",
    "帮我们查",
    "帮忙看",
    "帮忙查",
    "替我看",
    "替我查",
    "你看一下",
    "你查一下",
    "你看下",
    "你查下",
    "直接帮我",
    "你帮我",
    "你给我看",
    "你给我查",
    "你能查",
    "你能看",
    "你来查",
    "你来看",
    "你直接查",
    "你直接看",
    "在这查",
    "在这里查",
    "这里能查",
    "这儿能查",
    "帮阿拉",
    "帮我瞧",
    "you check",
    "can you check",
    "look it up",
    "check it for me",
)
#: "审核通过的呢": a bare follow-up of the answer just given, the same topic asked for
#: another case; its end (what is stripped before ``FOLLOWUP_END`` is looked for).
FOLLOWUP_END = "的呢"
#: "招用人员就业登记那条呢", "HZ2026110605172 呢": the same asked of another one.
ANOTHER_END = "呢"
#: "还没审核的": a status said as a case, with no 呢.
STATUS_CASE_END = "的"
#: "还没审核", "已经通过了": a status said bare, the case asked without 的.
BARE_STATUS_RE = re.compile(
    r"(?:还|已经|都|还是)?(?:没有?|未)(?:审核?|通过|批)(?:呢)?"
    r"|(?:已经|都)?(?:审核)?通过了?(?:呢)?|(?:已经)?被?(?:驳回|退回|打回来?)了?(?:呢)?"
)
#: "那店里以公司名义开通呢": "and what about …", after what trails a question.
WHAT_ABOUT_END = "呢"
QUESTION_TRAIL = " ?？。.!！~～"
#: "单位的呢": what may stand between a type named and its 呢.
TYPE_FOLLOWUP_PARTICLE = "的"
#: "我自己的", "我们公司的": whose, said alone (after the login link: the look-up's).
OWN_ONES_RE = re.compile(
    r"^(?:是|查|看)?(?:我|我自己|自己|本人|我们|我们单位|我们公司|我单位|咱们)的"
    r"(?:呀|啊|吧|呢|就行|就好|哦)?[。.!！]*$"
)
#: "说3个人低于下限，这个下限到底是多少": the contribution base's bounds, asked.
BASE_BOUND_ASK_RE = re.compile(
    r"[上下]限(?:今年|现在|目前)?(?:到底|具体|究竟|大概)?(?:是|为|定的)?(?:多少|几|啥|什么)"
    # "今年护工的社保基数按多少报": the amount of the base, not the declaration listed
    r"|基数(?:到底|具体|应该|该)?(?:按|报|定|是|交)(?:多少|几|啥|什么)"
    # "社保缴费基数是怎么定的": how the base is set, which is policy
    r"|基数(?:到底|具体)?(?:是)?(?:怎么|如何|咋|怎样)(?:定|算|确定|核定|计算)"
    # "职业年金个人缴多少", "养老保险一个月交多少": how much is paid in, which is policy
    r"|(?:养老保险|养老|职业年金|年金|社保|五险|医保|失业保险)[^，,。？?]{0,6}?"
    r"(?:交|缴|扣)(?:多少|几)(?![^，,。？?]{0,6}(?:费|收钱))"
    # "那3个人的基数是不是按下限填就行": which figure the base takes, which is policy too
    r"|基数[^，,。？?]{0,6}?按(?:最低|最高)?(?:下限|上限|最低|最高|平均工资|实际工资)"
)
#: "我们还有个民办的分校，那个呢": words that bring in another one of the user's.
INTRODUCING_WORDS = ("我们还有", "还有", "另外还有", "另外", "我们另外", "另有")
#: "那我们单位呢", "事业单位的呢": the words a type follow-up is made of, and no other
#: ("单位密码丢了呢" asks another topic, for a unit).
TYPE_NAME_WORDS = (
    "机关事业单位",
    "民办非企业",
    "事业单位",
    "机关",
    "单位",
    "企业",
    "公司",
    "个人",
    "民非",
    "学校",
    "医院",
    "个体户",
)
#: "我们是民政登记的民办非企业单位", "咱们单位属于事业单位": one's own applicant type said.
#: "要等工作人员审核吗", "是人工审的吧": the bureau's people named as the ones who review.
STAFF_REVIEWS_RE = re.compile(
    r"(?:工作人员|人工|有人|经办人员|窗口)(?:来|去|会|要|在)?(?:审核|审批|审)"
)
#: "那我改数据要去哪里改": a submission's data is changed on the portal, never at a counter.
DATA_CHANGE_RE = re.compile(
    r"改(?:数据|信息|资料|申报|内容)|(?:数据|信息|资料|内容)[^，,。？?]{0,6}改"
    # "单位地址又变了": the unit's details changed, its 地址 no place asked
    r"|(?:地址|名称|名字|电话|联系人|法人)[^，,。？?]{0,2}(?:变了|变更|换了|改了|搬了)"
)
#: "真的不用开？", "确定吗", "really?": the answer just given, doubted; it is said again.
DOUBT_RE = re.compile(
    r"^(?:真的|确定|当真|果真|really)[^，,。.]{0,8}?(?:吗|么|嘛|伐|吧)?[?？!！]*$"
    # "哦那就是不用跑窗口了是吧": the answer put in one's own words, to be confirmed
    r"|^(?:哦|噢|喔)?(?:那|所以)?(?:就是说|也就是说|意思是|那就是)[^，,。.？?]{1,12}"
    r"(?:是吧|对吧|是吗|对吗|吧)[?？!！。.]*$"
    # "那就不用去窗口了?": what the answer spares one, inferred, to be confirmed
    r"|^(?:哦|噢|喔)?(?:那|所以)(?:就|我就)?(?:不用|不需要|不必)[^，,。.？?了]{2,10}"
    r"(?:了)?(?:吗|吧|是吧|对吧|咯)?[?？!！。.]*$"
    # "so I have to go there in person?": the answer put in English words, to be confirmed
    r"|^(?:ok|oh)?,?(?:so|then)(?:i|we)(?:still)?(?:haveto|needto|must|'dhaveto)[a-z,']{2,30}[?？]*$"
    # "只能自己跑一趟？网上弄不了？": the one way the answer gave, doubted
    r"|^(?:哦|噢|啊)?(?:那|所以)?(?:就)?(?:只能|只好)[^，,。.？?]{1,10}?"
    r"(?:吗|么|嘛|伐|啊|吧)?[?？]+(?:(?:网上|在线|线上)[^，,。.？?]{0,4}?(?:不了|不行|不能|没办法)"
    r"(?:吗|么|嘛|啊|吧)?[?？]*)?$"
)
#: "就这些？" after a list of papers: all there is to bring, doubted ("就这些?" after any
#: other answer finds it too thin, and a person may say more).
ALL_LISTED_RE = re.compile(
    r"^(?:就这些|就这么多|就这几样|只要这些|只有这些)(?:吗|么|嘛|吧|了吗|啊)?[?？!！。.]*"
    # "就这些？还有呢": what else, asked of the same list
    r"(?:还有(?:呢|吗|么|没有|别的吗?|啥|什么)|没(?:有)?别的了?(?:吗|么)?)?[?？!！。.]*$"
)
#: "我原密码还记得", "旧密码记得的": the password kept, which the reset is not for.
PASSWORD_REMEMBERED_RE = re.compile(
    r"(?:原|旧|老)?密码(?:我|都|也)?(?:还|是)?记得|(?<!不)记得(?:原|旧|老)密码"
)
#: "驳回的是哪个", "哪一条没通过": which one of the list, asked.
WHICH_ONE_RE = re.compile(r"哪(?:个|一个|条|一条|项|一项)")
#: "好吧 麻烦了", "麻烦啦": thanks for the trouble, unless it is called great ("太麻烦了").
TROUBLE_THANKS_RE = re.compile(
    r"(?:^|[^太好真很挺超蛮这那常别多])麻烦(?:了|啦|咯)(?:哈|啊|呀|哦)?$"
)
#: "两个多月了还没审 正常吗": whether a wait (or anything) is usual, asked of those named.
USUAL_ASK_WORDS = (
    "正常吗",
    "正常不",
    "正常伐",
    "正常么",
    "正不正常",
    "是不是正常",
    "正常的吗",
    "咋回事",
    "怎么回事",
)
#: "那我登录用啥西": what one logs in with, the way asked.
WITH_WHAT_WORDS = ("用啥", "用什么", "用哪个", "拿什么", "拿啥", "输什么", "输啥", "with what")
#: What "personal account", "个人的呢", "it's for the company" say beside a type: nothing.
TYPE_ONLY_FILLERS = frozenset(
    {
        "account",
        "accounts",
        "it's",
        "its",
        "it",
        "is",
        "i'm",
        "im",
        "we're",
        "for",
        "a",
        "an",
        "the",
        "my",
        "our",
        "one",
        "账号",
        "帐号",
        "账户",
        "那",
        "的",
        "呢",
        "是",
        "我们",
        "我",
        "哦",
        "啊",
        "吧",
    }
)
#: Its words in Chinese, longest first, so that "账号" goes before a character of it.
TYPE_ONLY_HAN_FILLERS = tuple(
    sorted((f for f in TYPE_ONLY_FILLERS if not f.isascii()), key=len, reverse=True)
)
#: "那条是啥时候注销的", "什么时候交的": when something befell the one on screen, asked.
WHEN_DONE_RE = re.compile(
    r"(?:啥时候|什么时候|哪天|几号|何时|哪一天)(?:被|给)?"
    r"(?:注销|注消|撤销|撤回|撤|取消|作废|提交|交|报|审核|审|通过|批)(?:掉)?(?:的|了)"
)
#: "那你先帮我注消掉", "给我撤了": a 注销 ordered done for the user.
CANCEL_ORDER_RE = re.compile(
    r"(?:帮|给|替)(?:我|我们)?(?:把[^，,。]{0,8})?(?:注销|注消|撤|作废|取消)"
)
#: "那直接注销掉", "那就撤了吧": a clause that is the 注销 ordered and nothing else.
CANCEL_ORDER_CLAUSE_RE = re.compile(
    r"^(?:那|那就|那你|就|那么)?(?:直接|先|干脆)?(?:给我|帮我)?(?:把它|把这个|把这条)?"
    r"(?:注销|注消|撤销|撤回|撤掉|撤|作废)(?:掉|了|吧|它|这个|这条|啦)*$"
)
#: "想直接作废掉重新报", "我想直接注销重报": a 注销 of one's own wanted, before handing it in
#: again; said, not asked, it is the 注销 (its login first), not whether one may resubmit.
WANTS_CANCEL_RE = re.compile(
    r"(?:想|要|打算|准备)(?:直接|先|干脆)?(?:把[^，,。]{0,10}?)?(?:作废|注销|注消|撤销|撤回|撤掉)"
)
#: "批量的能整个作废吗", "没审的可以撤掉吗": whether a 注销 can be done, asked in general.
CAN_CANCEL_ASK_RE = re.compile(
    r"(?:能|可以|能不能|可不可以|可否)[^，,。？?]{0,6}?(?:注销|撤回|撤销|作废|撤掉)(?:掉)?(?:吗|么|不|伐|嘛)"
)
#: "注销掉重新报好伐", "撤了行吗": a plan put to the bot for its agreement.
PROPOSAL_TAIL_RE = re.compile(
    r"(?:好伐|好吗|好不好|好哇|行伐|行吗|行不行|成吗|可以伐|可以吗)[?？~～。!！]*$"
)
#: "撤了吧 我重新报": the 注销 proposed, so a new submission after it is a plan, not asked.
CANCEL_PROPOSED_RE = re.compile(r"(?:注销|注消|撤|作废)(?:了|掉|回|销)?(?:吧|掉吧|了吧)")
#: "一二三三三对吧", "12333是吧": the hotline's number put up to be confirmed (its digits
#: read out in 汉字 folded first).
HOTLINE_CHECK_RE = re.compile(
    r"12333(?:是|就是)?(?:对吧|对吗|是吧|是吗|吗|吧|没错吧|对伐)"
    # "…一二三三三 是咨询电话吗": the number put up as the line asked about
    r"|12333(?:是|就是)?(?:不是)?(?:那个)?(?:咨询|服务|热线|人社)?(?:电话|热线|专线)"
)
SPOKEN_NUMBER_RE = re.compile(r"[零〇一二三四五六七八九幺]{5,}")
#: "我想注消的不是这个", "不是这条": the one on screen denied, naming no other.
NOT_THIS_ONE_RE = re.compile(r"(?:我?(?:想|要)?(?:注销|注消|撤)的)?不是这(?:个|条|一个|一条|项)")
#: "那如果被退回了": a rejection supposed, asked what then; fixing it is the answer.
SUPPOSED_REJECTION_RE = re.compile(
    r"^(?:那|那么)?(?:如果|要是|万一|假如)(?:被)?(?:退回|驳回|打回|没通过|不通过|没过)(?:来)?"
    r"(?:了|的话)?(?:呢|怎么办|咋办|怎么弄)?[?？。.]*$"
)
#: "我们是民非 也是选1对吧": whether the menu's number picked fits the type just said.
TYPE_CHOICE_CHECK_RE = re.compile(
    r"(?:选|按|点|回复?|是)(?:第)?[1-9一二三四五](?:号|个)?(?:对吧|对吗|对伐|是吧|是吗|吗|吧|没错吧)"
)
OWN_TYPE_LEAD_RE = re.compile(
    r"(?:我们?|咱们?|本单位|我单位|我司)(?:这边|这里|单位)?(?:是|属于|算)"
)
TYPE_FOLLOWUP_WORDS = (
    *TYPE_NAME_WORDS,
    "我们",
    "我",
    "自己",
    "这边",
    "那边",
    "如果是",
    "要是",
    "是",
    "的",
)
#: "让我老婆帮我跑一趟行不行", "家里人能帮我去办吗", "能替我去吗": someone else going
#: in one's own place, which the guide never speaks of ("你帮我去查一下" asks the bot).
#: "失业登记可以在网上办吗", "网上办事能办失业登记吗": whether an item of the portal's is
#: done online, which the guide never lists (it says only how an item is chosen).
ITEM_ONLINE_RE = re.compile(
    r"(?:登记|申报|参保|增员|减员|补贴|证明|变更|就业创业证)[^，,。？?]{0,4}?(?:可以|能|能不能|可不可以)"
    r"(?:在)?(?:网上|网办|网上办事)(?:里|上)?(?:办|办理|申请|弄)"
    r"|(?:网上|网办|网上办事)(?:里|上)?(?:可以|能|能不能|可不可以)(?:办|办理|申请)[^，,。？?]{0,6}?"
    r"(?:登记|申报|增员|减员|补贴|证明|变更|就业创业证)"
)
#: "在网上怎么办失业登记", "那基数申报网上怎么报": how an item of the portal's is done
#: online, which is how one operates any item (not 退休手续, no item of the portal's).
ITEM_HOW_ONLINE_RE = re.compile(
    r"(?:网上|网办|网站上)(?:里|上)?(?:具体)?(?:要)?(?:怎么|咋|如何|怎样)(?:个)?"
    r"(?:办理?|报|申报|弄|操作|提交|申请)[^，,。？?]{0,6}?"
    r"(?:登记|申报|参保|增员|减员|补贴|证明|变更|就业创业证)"
    r"|(?:登记|申报|参保|增员|减员|补贴|证明|变更|就业创业证)[^，,。？?]{0,4}?(?:在)?"
    r"(?:网上|网办)(?:里|上)?(?:具体)?(?:要)?(?:怎么|咋|如何|怎样)(?:个)?"
    r"(?:办理?|报|申报|弄|操作|提交|申请)"
)
#: "那我等回复", "好的 我等你们消息": the user will wait for the agents, which tells them
#: nothing to pass on.
WAITS_FOR_REPLY_RE = re.compile(
    r"^(?:那|好的?|行|嗯|ok|okay)?[，, ]*(?:那)?(?:我|我们)?(?:就)?(?:先)?(?:再)?等(?:着|一下|等)?"
    r"(?:你们|工作人员|他们|人工)?(?:的)?(?:回复|回信|消息|通知|回音|答复|电话)?(?:吧|了|哈|啊|呗)?"
    r"[。.!！~～]*$"
)
PROXY_RE = re.compile(
    r"(?:老婆|老公|爱人|家里人|家人|孩子|儿子|女儿|朋友|同事|亲戚|别人|其他人|爸|妈|父母|子女)"
    r"[^，,。？?]{0,4}?(?:帮|替|代)(?:我|她|他|伊|渠)?(?:去|跑|办)|(?:替|代)我(?:去|跑|办)"
    # "我帮她去办可以吗": the user going in a relative's place
    # "能我去帮他重置吗": the user going for a relative, said the other way round
    r"|我去(?:帮|替|代)(?:她|他|伊|渠|我妈|我爸|妈妈|爸爸|老人|父母|家里人)"
    r"|我(?:帮|替|代)(?:她|他|伊|渠|我妈|我爸|妈妈|爸爸|老人|父母|家里人|老婆|老公|爱人)(?:去|跑)(?!查|看|问)"
    # "让我老婆拿着去行不": someone sent in one's place, asked ("叫儿子陪我去" goes along;
    # "好的我让同事去" asks nothing)
    r"|(?:让|叫|请)我?的?(?:老婆|老公|爱人|家里人|家人|孩子|儿子|女儿|朋友|同事|亲戚|别人|其他人)"
    r"(?:拿着|带着|帮我|替我|代我)?(?:去|跑)[^，,。？?]{0,6}?(?:行不|行吗|行伐|可以|能不能|成吗|好伐|吗)"
    # "我拿她身份证去办行吗": the relative's papers carried by the user
    r"|(?:拿|带|帮)(?:着)?(?:她|他|伊|我妈|我爸|妈妈|爸爸|老人|父母|家里人|老婆|老公|爱人)(?:的)?身份证(?:去|帮)"
)
#: "那我本人要带啥": what the speaker brings of their own person (not 他本人's).
SELF_BRING_RE = re.compile(
    r"(?<![他她伊])(?:本人|自己|自家)[^，,。？?]{0,4}?(?:带|帶|材料|资料|证件)"
)
#: "我自己个人也想开通": the speaker opening for themself, an individual however it follows.
OWN_OPENING_WORDS = (
    "个人",
    "开通",
    "开户",
    "名义",
    "账号",
    "帐号",
    "灵活",
    "退休",
    "individual",
    "personal",
)
#: "那她自己去的话要带点什么", "他本人来的话要带什么": what the one asked for brings when
#: going in person, an individual, the user's relative (a unit's boss or clerk is told by
#: the unit said earlier, or by the agent's words).
THIRD_SELF_BRING_RE = re.compile(
    r"(?:他|她|伊)(?:本人|自己|自家)[^，,。？?]{0,6}?(?:带|帶|材料|资料|证件)"
)
#: "她要带啥" after "那我老婆没有市民邮箱呢": what a relative named earlier brings.
THIRD_BRING_RE = re.compile(r"^(?:那)?(?:他|她|伊)(?:要|得|需要)?带(?:啥|什么|哪些|点啥|点什么)")
#: Relatives a user asks for, who are citizens on their own account.
RELATIVE_WORDS = (
    "我妈",
    "我爸",
    "妈妈",
    "爸爸",
    "母亲",
    "父亲",
    "老婆",
    "老公",
    "爱人",
    "儿子",
    "女儿",
    "奶奶",
    "爷爷",
    "外婆",
    "外公",
    "老太婆",
    "老头子",
)
#: "他要是以后密码忘了呢": the person the last answer was for, named again.
THIRD_PERSON_RE = re.compile(r"他|她|伊(?!拉)")
#: "我想把网上办事账号注消掉", "用户名能停用吗": the login itself closed, which the guide
#: never speaks of (its 注销 is a submission's).
ACCOUNT_CLOSE_RE = re.compile(
    r"(?:账号|帐号|账户|帐户|用户名|account)[^，,。？?]{0,6}?"
    r"(?:注销|注消|销户|删除|删掉|停用|关闭|关掉|作废|close|delete)"
    r"|(?:注销|注消|销户|删除|删掉|停用|关闭|关掉|close|delete)(?:掉)?(?:我的|我们的)?(?:网上办事)?(?:的)?"
    r"(?:账号|帐号|账户|帐户|用户名|account)"
    r"|(?:close|delete|deactivate|cancel) (?:my |our |the )?(?:online )?(?:services? )?account"
)
#: "市民邮箱怎么申请": how one gets a citizen mailbox, which the guide never says (only that
#: its users have the portal without opening it).
MAILBOX_APPLY_RE = re.compile(
    r"市民邮箱[^，,。？?]{0,4}?(?:怎么|如何|咋|在哪|哪里|去哪)?(?:申请|注册|开一个|办一个|弄一个)"
)
#: "我们分公司要另外开吗", "下面的社区居委会也要单独开吗": a branch or sub-unit with an
#: account of its own, which the guide never speaks of.
SUB_UNIT_RE = re.compile(
    r"(?:分公司|子公司|分支机构|分部|分店|门店|下属单位|下属|二级单位|分院|分校|居委会|社区)"
    r"[^。？?]{0,12}?(?:另外|单独|分别|各自|也要|也得|要不要|需不需要|用不用|还要|再)"
    r"[^。？?]{0,4}?(?:开|办|申请)"
    r"|(?:分公司|子公司|分支机构|分部|分店|门店|下属单位)[^。？?]{0,10}?(?:共用|合用|一起用|用总部)"
)
#: "外地户口的也能开通伐", "我户口在宁波…能在杭州开通吗": whether one from elsewhere may
#: open it, which the guide never says (it names only the papers).
ORIGIN_ELIGIBLE_RE = re.compile(
    r"(?:外地|外省|外市|外国|港澳|台湾|非杭州|非本地|户口在|户籍在|户口不在|户籍不在)"
    r"[^。？?]{0,12}?(?:能|可以|能不能|可不可以|也能|也可以|让|给)[^。？?]{0,6}?(?:开通|开户|开)"
)
#: "组织机构统一代号证书是啥东西": what a paper of the list is, which the guide never
#: explains (it only names them; "那个协议是啥" is the agreement, which it does explain).
PAPER_WHAT_IS_RE = re.compile(
    r"(?:证书|代码证|代号证|执照|证件)(?:是|又是|指的是)?(?:啥|什么|什麼|啥子|啥西)"
    r"(?:东西|玩意儿?)?(?:啊|呀|呢|[?？])*$"
)
#: "怎么弄 在哪里点", "单个的话在哪个菜单里填": how, or where on the pages, an item is
#: done, asked right after the batch's answer (which says only that there is one).
OPERATE_ASK_RE = re.compile(
    r"(?:怎么|咋|如何|怎样|咋话)(?:个)?(?:具体)?(?:去|来)?(?:操作|弄|点|填|报)"
    r"|(?:在哪|哪里|哪儿|哪个(?:菜单|栏目|地方|页面))(?:里)?(?:操作|弄|点|填)"
)
#: What, asked after the batch's answer, is not how an item is done: the template, a
#: slip, the progress, the login or the site.
NOT_OPERATING_WORDS = (
    "错",
    "改",
    "模板",
    "下载",
    "template",
    "进度",
    "结果",
    "审",
    "密码",
    "网站",
    "网址",
    "批量",
    "batch",
    "导入",
)
#: "我把那3个人工资核实好再报，在哪里改": the data of a filing changed, named by what it
#: holds, which no password's change is.
FILED_DATA_CHANGE_RE = re.compile(
    r"(?:工资|基数|人数|数据|信息|身份证号|\d+个人|几个人)[^。？?]*改"
)
#: "查询类的也要去那里看结果吗": how a query's result comes, which is at once (the
#: review-vs-query answer), not where progress is looked up.
QUERY_KIND_RESULT_RE = re.compile(r"查询(?:类|的)[^。？?]{0,10}?(?:结果|审核|马上|即时|当场|立马)")
#: "失业登记审核要多久啊": how long a review takes, which the guide never says, whatever
#: the item (it is the portal's review).
REVIEW_WAIT_ASK_RE = re.compile(
    r"(?:审核?|批|审完|审好)[^。，,]{0,4}?(?:多久|几天|多长时间|多少天)"
    r"|(?:多久|几天|多长时间|多少天)[^。，,]{0,4}?(?:审|批)"
)
#: "怎么还没审，一般几个工作日": how long a review usually takes, asked beside why this one
#: waits (a wait told, "交了好几天", asks nothing of how long).
HOW_LONG_ASKED_RE = re.compile(
    r"(?:一般|通常|大概|大约|要|需要|得)(?:要|需要|得)?"
    r"(?:几个工作日|几天|多久|多长时间|多少天|几个礼拜|几周)"
)
#: "事业单位法人证书只带复印件行不行": a unit's certificate brought as a copy alone, of
#: which the guide says nothing (an ID card's original and copy it does name).
COPY_ONLY_ASK_RE = re.compile(
    r"(?:只带|只有|光带|就带|仅带|带)复印件[^。，,]{0,3}?(?:行|可以|能|可不可以|成|中|好)"
)
#: "盖章的工资汇总表要什么格式", "附件最大能传多大": the form of a file uploaded, which the
#: guide never gives (not "系统一直提示格式错误", a fault told).
FILE_FORMAT_ASK_RE = re.compile(
    r"(?:什么|啥|哪种|哪个|哪些)(?:文件)?格式|格式(?:是|有|要求是?)(?:什么|啥|哪种|哪些)"
    r"|(?:文件|附件|照片|图片|扫描件)[^，,。？?]{0,4}?(?:多大|大小|分辨率)"
)
#: "能不能一个账号管所有客户", "一个用户名能登几个公司", "一个帐号能管15家公司吗",
#: "一个经办人能同时管几家公司的账号伐": one login, or one agent, for many units, which the
#: guide never speaks of (each opens its own at the counter).
ONE_LOGIN_MANY_RE = re.compile(
    r"一个(?:账号|帐号|用户名|号|经办人)[^，,。？?]{0,6}?(?:管|登|办|用|操作)[^，,。？?]{0,4}?"
    r"(?:所有|多个|几个|好几个|全部|别的|其他|多家|几家|\d+家|[两三四五六七八九十]+家)"
    # "能不能用我一个账号把几家公司都管起来": the units put first
    r"|一个(?:账号|帐号|用户名)把[^，,。？?]{0,4}?"
    r"(?:所有|多个|几个|好几个|全部|多家|几家|\d+家|[两三四五六七八九十]+家)"
    # "学校好几个老师都要用，能开几个账号": how many logins one unit has, also unsaid
    r"|(?:开|申请|办|领)(?:几个|多少个)(?:账号|帐号|用户名)"
)
#: "他本人不去，我去办行吗", "我替老板去": one who goes in another's place, for a unit
#: its agent (经办人), who brings their own ID card and signs the agreement.
IN_ANOTHERS_PLACE_RE = re.compile(
    r"(?:本人|他|她|老板|法人|负责人|领导)(?:不|没空|没时间|去不了|来不了|走不开)[^。？?]{0,6}?"
    r"我(?:去|来|代|替|帮)|我(?:代|替)(?:他|她|老板|法人|负责人|领导)"
    # "我寻个人代我去办好伐": someone sent in the speaker's place
    r"|(?:找|寻|请|叫|派)(?:个|一个)?(?:人|别人|同事|员工|会计)(?:代|替|帮)我(?:去|跑|办)"
)
#: "是不是走单位基本信息变更", "走哪个事项": which of the portal's matters a change is
#: filed under, done the way every matter is done online.
MATTER_ROUTE_RE = re.compile(
    r"(?:是不是|是否|要不要|应该|需要|得)走[^，,。？?]{0,10}?"
    r"(?:变更|登记|申报|申请|事项|流程|业务|备案|增员|减员)"
    r"|走(?:哪个|哪一个|什么|啥)(?:事项|流程|业务)"
)
#: "除了经办人自己的身份证…", "身份证之外": what is set aside, to ask what else.
BESIDES_WORDS = ("除了", "之外", "以外")
#: "是不是一定要法人本人去", "法人必须亲自来吗": whether the unit's head must come, which
#: the guide answers with its agent (经办人), who brings their own ID card and signs.
#: "那网上办事到底能办啥西", "网上能查些什么": what can be done online, which the guide
#: tells by how an item is done (chosen from the list of items, by kind or office).
PORTAL_DOINGS_RE = re.compile(
    r"网上(?:办事)?(?:到底|都|一般|究竟|主要)?(?:能|可以|能够)(?:办|查|做|干|弄)(?:些|点)?"
    r"(?:啥|什么|哪些)"
    # "开通后能查养老金吗": what the portal does once opened
    r"|开通(?:了|好)?(?:以后|之后|后)(?:就)?(?:能|可以|能不能|可不可以)(?:办|查|做|干|弄|看)"
    r"(?![^，,。？?]*(?:进度|结果|批量|密码|注销|修改|改))"
)
#: "增员在哪里报", "减员去哪填": where on the portal a unit files one of its items, which
#: the guide tells by how an item is done (faq/how_to_operate).
ITEM_FILED_WHERE_RE = re.compile(
    r"^(?:那|那么)?(?:我们)?(?:单位|公司)?(?:的)?(?:职工|人员)?(?:参保)?"
    r"(?:增员|减员|缴费基数申报|基数申报|缴费基数|信息变更)"
    r"(?:的话|要|得)?(?:在|去|到)?(?:哪里|哪儿|哪|什么地方)(?:报|申报|办|弄|填|提交|交)"
)
HEAD_IN_PERSON_RE = re.compile(
    r"(?:一定|必须|非得|是不是|要不要|需不需要|需要|得|要)[要得]?(?:让|由)?"
    r"(?:法人|法定代表人|老板|负责人|老总)(?:代表)?(?:本人|自己)?(?:亲自)?(?:去|来|到场|过去|出面)"
    r"|(?:法人|法定代表人|老板|负责人|老总)(?:代表)?(?:本人|自己)?"
    # "老板不用亲自去吧": asked the other way round
    r"(?:一定|必须|非得|是不是|要不要|需不需要|得|要|不用|不必|不需要|用不着)[要得]?(?:本人|亲自)?"
    r"(?:去|来|到场|过去|出面)"
)
#: "这几个有什么区别？", "我不知道选哪个": a doubt about the types offered, to the type
#: question, which asks it again.
TYPE_DOUBT_WORDS = (
    "区别",
    "不同",
    "不一样",
    "哪个是我",
    "我算哪",
    "我属于哪",
    "算哪类",
    "算哪种",
    "算哪一类",
    "算哪一种",
    "算哪个",
    "不知道算",
    "属于哪类",
    "属于哪种",
    "选哪",
    "不知道选",
    "不知道是哪",
    "不清楚是哪",
    "分不清",
    "difference",
    "which one am i",
    "which am i",
)
#: "我们居委会算机关事业单位吗", "哪个是民非": a type asked about, not said, to the type
#: question, which asks it again.
TYPE_QUESTIONED_RE = re.compile(
    r"(?:算|算是|属于)(?:不算)?[^，。,.]{0,4}?(?:机关|事业|企业|民非|民办|个人)[^，。,.]{0,6}?"
    r"(?:吗|么|嘛|伐|[?？])|算不算|属不属于|哪(?:个|一个|种|一种|类|一类)(?:是|算)"
)
#: What the NLU makes of a reply to the type question that says who one is, in other
#: words than a type ("我开了个小超市"): nothing the guide answers.
UNPLACED_TOPICS = ("not_in_guide",)
UNPLACED_INTENTS = ("nlu_fallback", "out_of_scope", "out_of_scope_social", "what_can_you_do")
#: "你问这么多干嘛", "烦不烦", "早说嘛": a grumble at being asked the type, after the type.
TYPE_GRUMBLE_RE = re.compile(
    r"干嘛|干啥|干什么|问这么多|问那么多|烦不烦|烦死|好烦|啰嗦|罗嗦|快点|快说|废话|早说"
)
#: A self-description longer than this is a story with a question in it, not an answer.
MAX_TYPE_REPLY_CHARS = 20
#: "是企业 不是机关": the type said to be wrong, in a type corrected.
NEGATED_TYPE_LEADS = ("不是", "并非")
#: "民办非企业也一样吗", "我们是民非 一样的伐": whether the last answer holds for a type,
#: asked at the end.
SAME_ASKED_END_RE = re.compile(
    r"(?:也|都)?(?:一样|同样|相同)(?:的)?(?:吗|么|嘛|伐|不|吧|的吧)?[?？。!！]*$"
)
#: "审核通过的错了呢": a clause ending so supposes a case and asks what then.
SUPPOSING_END = "呢"
FOLLOWUP_LEADS = "那么那"
#: "嗯", "呃": what a voice message opens with before its words.
SPOKEN_FILLERS = "嗯呃额哦啊"
FOLLOWUP_TRAIL = "？?。.！! "
#: "那我怎么知道审完了没", "填好交上去以后我哪能晓得批了没有", "我怎么自己看我办的事情办好
#: 了没有": how one finds out how a filing stands, which the guide answers (办事进度查询),
#: whoever's it is; "怎么查不到" and "怎么还没" ask why, not how.
HOW_TO_FIND_OUT_RE = re.compile(
    r"(?:怎么|咋个?|哪能|如何|怎样|哪里)(?:我)?(?:自己)?(?:才)?(?:能|会|可以|去)?"
    r"(?:知道|晓得|看|查)(?![不没])"
)
#: What a how-to-find-out question asks of: how a filing stands.
FILING_STANDING_WORDS = (
    *("审", "批", "办好", "好了", "好没", "结果", "进度", "通过", "过没过", "办得怎么样"),
    *("退回", "驳回", "打回"),
)
#: "看下进度" is the user's own list; "怎么查进度" asks how the portal does it.
HOW_TO_CHECK = (
    # "有什么办法看审到哪了": the way of looking asked
    "有什么办法看",
    "有什么办法查",
    "有啥办法看",
    "有啥办法查",
    "什么办法可以看",
    "什么办法可以查",
    "怎么查",
    "如何查",
    "怎样查",
    "怎么看",
    "如何看",
    "咋看",
    "咋查",
    "怎么查看",
    "在哪查",
    "在哪里查",
    "哪里查",
    "在哪看",
    "在哪里看",
    "哪里看",
    "哪里去看",
    "哪里去查",
    "哪儿看",
    "哪儿查",
    "哪儿去看",
    "哪儿去查",
    "哪去看",
    "哪去查",
    # "去哪里可以看到办到哪一步了": where one can see it, asked
    *(
        f"哪{place}{may}{verb}"
        for place in ("", "里", "儿")
        for may in ("能", "可以")
        for verb in "看查"
    ),
    # "审完了到哪看结果", "上哪查": where one looks, asked however it is led
    "哪看",
    "哪查",
    "怎么知道",
    "如何知道",
    "咋知道",
    "怎么晓得",
    "咋晓得",
    "咋个晓得",
    "咋个知道",
    "怎么个晓得",
    "怎么才知道",
    "怎么了解",
    "如何了解",
    "怎样了解",
    "如何获知",
    "如何查询",
    "怎么查询",
    "怎么操作",
    "如何操作",
    "方法",
    "步骤",
    "入口",
    "how to check",
    "how do i check",
    "how can i check",
    "where can i check",
    "where do i check",
)
#: A request for one's own (or one's unit's) progress rather than the how-to.
OWN_PROGRESS = (
    "我的",
    # "想查我自己个人的办事进度" ("那我自己弄" is no look-up)
    "自己的",
    "自己个人的",
    "我们",
    "我司",
    "本单位",
    "我单位",
    "咱",
    "帮我",
    "给我",
    "看下",
    "看一下",
    "看看",
    "查下",
    "查一下",
    "查查",
    "到哪",
    "怎么样了",
    "啥状态",
    "什么状态",
    # "公司增员12个人的那个审核了没": whether one's own thing went through, asked
    "审核了没",
    "审核了吗",
    "审核没",
    "批了没",
    "批了吗",
    "批下来没",
    "通过了没",
    "通过没",
    "有没有通过",
    "有结果了吗",
    "有结果没",
    "my application",
    "my submission",
    "my own application",
    "my own submission",
    "status of my",
    "our application",
    "our submission",
    "check my",
    "check our",
)
#: What a request to see one's own progress names: whose (我, 阿拉, 单位 …), what (进度,
#: 申报, 审核 …) or the look itself (查, 看). A message read as that request with none of
#: them ("就那个东西啊你懂的") names nothing to look up. Every check_my_progress example
#: of data/nlu has one (tests/actions/test_misreadings.py).
LOOK_UP_WHOSE = (
    "我",
    "阿拉",
    "侬",
    "咱",
    "自己",
    "本人",
    "单位",
    "公司",
    "厂",
    "学校",
    "医院",
    "局",
    "店",
    "家",
)
#: What a look-up names beside whose: what is looked at, or the look itself.
LOOK_UP_NAMED = (
    "进度",
    "进展",
    "申报",
    "申请",
    "报",
    "交",
    "审",
    "批",
    "通过",
    "过了",
    "过没",
    "结果",
    "状态",
    "情况",
    "回音",
    "到哪",
    "办",
    "列表",
    "清单",
    "记录",
    "驳回",
    "退回",
    "打回",
    "增员",
    "减员",
    "登记",
    # the look, the login before it, and the list's next page
    "查",
    "列",
    "看",
    "瞧",
    "瞅",
    "瞄",
    "登",
    "更多",
    "下一页",
    "还有",
    "my",
    "our",
    "status",
    "check",
    "submission",
    "application",
    "list",
    "show",
    "log in",
    "login",
    "sign in",
    "more",
    "next",
    "approved",
    "submitted",
    "mine",
    # Wu: "阿拉的事体弄得哪能了" (how our matter is going)
    "事体",
    "哪能",
)
LOOK_UP_CUES = (*LOOK_UP_WHOSE, *LOOK_UP_NAMED)
#: "审核完了会发短信通知吗", "批下来会通知我吗": whether the bureau tells the user of
#: its result, which the guide never says; "能提醒我吗" asks the alerts here, and "会通知
#: 吗还是要自己查" where one looks (LOOK_INSTEAD_WORDS).
BUREAU_NOTIFIES_RE = re.compile(
    r"会(?:不会)?(?:给我)?(?:发|打)?(?:短信|电话|消息)?通知(?:我|我们)?(?:吗|么|伐|不|嘛)"
    r"|(?:有没有|会不会有|会有)(?:短信|电话)?通知"
    # "审核通过了会不会发短信通知我": 会不会 asks it, with no particle after
    r"|会不会(?:给我)?(?:发|打)?(?:个)?(?:短信|电话|消息)?(?:来)?通知"
)
LOOK_INSTEAD_WORDS = ("查", "看", "哪")
#: "有结果了提醒我", "订阅办件状态变化": status alerts asked for, in words.
ALERT_WORDS = (
    "提醒",
    "通知",
    "订阅",
    "变化",
    "结果出来",
    "盯着",
    "发个消息",
    "发短信",
    "alert",
    "notify",
)
#: The words one of which every training example of these requests holds: read with
#: none of them, while the FAQ selector is sure of a topic, the message asks that topic
#: (actions/answers.BORNE_BY; tests/actions/test_readings_dev_bh_bi.py).
REQUEST_WORDS: dict[str, tuple[str, ...]] = {
    "greet": (
        *("你好", "妳好", "您好", "家好", "们好", "午好", "晚上好", "早", "安", "喂", "嗨"),
        *("哈喽", "哈咯", "哈罗", "侬好", "好啊", "在吗", "在么", "在嘛", "在不", "在线", "有人"),
        *("hi", "hello", "hey", "good", "yo", "sup"),
    ),
    "goodbye": (
        *("再见", "再会", "拜", "掰", "白白", "886", "88", "回头见", "明天见", "下回", "下次"),
        *("改天", "走了", "下了", "下线", "先这样", "就这样", "到这", "不聊", "晚安", "告辞"),
        *("bye", "see you", "see ya", "good night", "gtg", "ttyl"),
        # "溜了溜了", "先閃了": leaving in chat slang
        *("溜", "闪", "回见", "先走"),
    ),
    "thank": (
        *("谢", "感谢", "多谢", "感恩", "辛苦", "麻烦", "有劳", "好人", "帮大忙", "3q"),
        *("thx", "thank", "ty", "appreciate"),
    ),
    "request_human": (
        *("人工", "真人", "客服", "人", "投诉", "工作人员", "接线员", "领导", "转", "催"),
        *("加急", "工单", "zrg", "agent", "human", "person", "staff", "operator", "someone"),
        *("service", "complaint", "somebody"),
    ),
    "handoff_status": (
        *("工单", "转", "人工", "客服", "回复", "回音", "回了", "回我", "答复", "进展", "邮件"),
        *("处理", "消息", "看到", "有人看", "留言", "结果", "ticket", "handoff"),
        *("reply", "request", "operator", "complaint", "news"),
    ),
    "delete_my_data": (
        *("删", "清除", "清空", "清掉", "销毁", "抹掉", "记录", "保存", "别留"),
        *("delete", "erase", "remove", "record", "history", "wipe"),
    ),
    "logout": (
        *("退出", "登出", "下线", "退了", "退掉", "注销登录", "注销当前登录", "登录注销"),
        *("注销我的登录", "把登录注销", "登录状态", "切换账号", "换个账号", "换人登录", "不登录"),
        *("logout", "log out", "log me out", "sign out", "sign me out", "session", "exit"),
    ),
    "login": (
        *("登", "链接", "账号", "账户", "进入", "验证身份"),
        *("login", "log in", "log me in", "sign in", "sign me in", "link"),
    ),
    "result_wrong": (
        *("不对", "错", "有误", "不服", "不认", "不接受", "有问题", "有意见", "异议", "申诉"),
        *("复核", "冤", "不公", "不合理", "凭什么", "凭啥", "没道理", "说不通", "不应该"),
        *("不符", "对不上", "不一样", "不正确", "驳回", "没通过", "失败", "明明", "分明", "却说"),
        *("wrong", "incorrect", "reject", "definitely", "disagree", "mistake", "object"),
        *("not what", " but "),
    ),
    "what_can_you_do": (
        *("能", "会", "可以", "干嘛", "功能", "帮", "菜单", "什么", "啥", "哪些", "服务"),
        *("范围", "怎么用", "使用说明", "常见问题", "本事", "help", "menu", "what"),
    ),
}
#: "你是真人吗", "are you a bot": whether a person or a program answers, in words.
BOT_CHALLENGE_WORDS = (
    "机器",
    "機器",
    "真人",
    "人工",
    "是人",
    "人吗",
    "人在",
    "活人",
    "人还是",
    "有人",
    "程序",
    "自动回复",
    "电脑",
    "智能",
    "你是谁",
    "你到底是",
    "谁在回",
    "谁在跟",
    "你是啥",
    "你叫什么",
    "ai",
    "bot",
    "chatgpt",
    "human",
    "machine",
    "person",
    "robot",
)
#: "我重新扫一下，直接在办事进度里改就行吧": a change of the submission on screen, proposed
#: or asked about (a change of the login is not one: LOGIN_SLIP_WORDS).
CHANGE_WORDS = (
    "改",
    "重新",
    "重传",
    "补传",
    "补交",
    "补上",
    "modify",
    "change",
    "correct",
    "fix",
)
#: "个人和单位开通有什么区别": the applicant types compared (two or more of these groups
#: named, and one of COMPARE_WORDS), which no one type's answer tells.
COMPARE_WORDS = ("区别", "不同", "不一样", "一样吗", "一样不", "差别", "差异", "两样", "differen")
#: "查询和申报有什么不一样", "有啥区别": a difference asked, never a dispute of a result.
COMPARE_ASK_RE = re.compile(r"(?:什么|啥|哪些|有何|啥子)(?:不一样|区别|不同|差别|两样)")
COMPARED_TYPE_GROUPS = (
    ("个人", "本人", "individual", "person"),
    ("企业", "公司", "民办", "company", "enterprise"),
    ("事业单位", "机关", "institution"),
)
GENERIC_UNIT_WORDS = ("单位", "unit")
#: What the types are compared on, when it is the documents ("要带的材料一样吗").
COMPARED_DOCUMENTS_WORDS = ("材料", "资料", "证件", "带的", "要带", "document")
#: "开通以后从登录到提交一步一步怎么用，整个流程": the whole way, asked after a turn, is
#: the guide's seven steps, whichever step's verb the message names on the way.
WHOLE_FLOW_WORDS = (
    "流程",
    "一步一步",
    "一步步",
    "步骤",
    "从头到尾",
    "全过程",
    "整个过程",
    "分几步",
    "几个步骤",
    # "开通以后怎么用有什么步走": the steps asked for by name, voice-typed
    "什么步",
    "哪些步",
    "哪几步",
)
#: "一步一步讲给我听": the steps asked to be told, not one's own items looked up.
STEPS_TOLD_RE = re.compile(
    r"(?:一步一步|一步步|从头到尾)[^，,。？?]{0,4}?(?:讲|说|教|告诉|解释|演示)"
)
#: "开通以后怎么用": the portal used, from the turn on, which spans every step.
USE_WORDS = ("怎么用", "咋用", "如何用", "怎么使用", "如何使用", "how to use")
#: "我们公司刚成立…第一步要干嘛": a unit new to the portal, whose first step is opening it.
NEW_UNIT_WORDS = ("刚成立", "新成立", "刚注册", "新注册", "刚开的公司", "新开的公司", "新公司")
#: "在网上办一件事情，从头到尾是怎么个步骤": the whole way, not the operating step alone.
START_TO_END_WORDS = (
    "从头到尾",
    "全过程",
    "整个过程",
    "一步一步",
    "一步步",
    # "办事整体分几步": the steps counted, which only the whole way has
    "分几步",
    "几个步骤",
    "整体",
)
#: "签完以后怎么登录", "登录以后怎么办事": A以后怎么B asks B; these mark the turn, and
#: OPERATE_WORDS after it name the operating (faq/how_to_operate), LOGIN_VERBS the login.
AFTER_WORDS = (
    "以后",
    "之后",
    "完后",
    "然后",
    "录后",
    "入后",
    "陆后",
    "通后",
    "交后",
    "好后",
    # "登录完怎么办业务", "开通完怎么用": a step done, said with 完
    "录完",
    "陆完",
    "通完",
    "交完",
    # "开通后登录进去，具体怎么办一项业务": in, once logged in ("登不进去" is no turn)
    "录进去",
    "登进去",
)
#: "提交完", "交了以后": a step done, and what comes after it.
DONE_AFTER_WORDS = (*AFTER_WORDS, "后", "完", "了以后", "了之后", "了后")
OPERATE_WORDS = ("办事", "办理", "操作", "申报", "提交", "填", "业务")
#: "去哪里办", "在哪办": the place (受理点) asked after a type-dependent answer.
#: "网站地址", "网址在哪": the website, not the counter, even with a where-word.
#: "人社网地址多少": a site named by its 网.
WEBSITE_WORDS = ("网站", "网址", "网页", "网地址", "官网", "website", "url")
#: "网址呢", "哪个网站": the site's address asked for, which "在网站上怎么查" does not.
SITE_ADDRESS_WORDS = ("网址", "网地址", "网站地址", "哪个网站", "什么网站", "啥网站", "url")
#: "就在那个网站上自己改？": a change done on the site, said after how a password changes.
CHANGE_VERBS_ON_SITE = ("改", "换", "change")
WHERE_WORDS = (
    "去哪里办",
    "去哪办",
    "去哪儿办",
    "在哪办",
    "在哪里办",
    "在哪儿办",
    "哪里办",
    "哪儿办",
    "去哪里",
    # "去哪理办": 理 for 里, a slip of pinyin input
    "去哪理",
    "哪理办",
    "去哪儿",
    "到哪里办",
    "到哪办",
    "受理点在",
    # "去哪个窗口办": which counter, which is where
    "哪个窗口",
    "哪个受理点",
    "什么窗口",
    "去哪开通",
    "在哪开通",
    "到哪开通",
    "哪里开通",
    "哪儿开通",
    "地址",
    "在什么地方",
    "where do we go",
    "where do i go",
    "where should we go",
    "where should i go",
    "where to go",
    "where can we do",
    "where can i do",
    "where do we do",
    "where do i do",
)
#: "在哪", "哪里呢": where, and nothing else said.
BARE_WHERE = frozenset({"在哪", "在哪里", "在哪儿", "哪里", "哪儿", "去哪", "去哪里", "where"})
#: "好的，查吧": a yes before an order, which says no more than the order.
YES_LEAD_RE = re.compile(r"^(?:好的?|嗯+|行|可以|ok|那)")
#: "好的我自己弄不来": a plan said to fail.
PLAN_FAILS_WORDS = ("不", "没")
#: "好的我自己弄", "行我去改": the yes that a plan runs on from, with no pause.
PLAN_AFTER_YES_RE = re.compile(r"(?:好的?|嗯+|行|ok|okay)(?:吧|啦|呀|哈)?(?=我)")
#: "真人?", "机器人？": whether a person answers, asked in a word (a person wanted is
#: said without the question mark, or with 人工).
BARE_CHALLENGE_RE = re.compile(
    r"^(?:你是|是|你)?(?:真人|活人|机器人|机器|ai|bot|robot)(?:吗|嘛|么|呢)?[?？]+$"
)
#: "嗯？？？": the marks of a question, typed in either width.
QUESTION_MARKS = ("?", "？")
#: "转人工吧": a request said as a go-ahead, which consents to the person offered.
GO_AHEAD_TAIL = "吧"
#: "我要人工客服", "帮我转个人工", "我要投诉 转人工" with a person already offered: the
#: request made again, politely, which the offer answers again ("转人工 转人工 听不懂吗",
#: "好，转人工吧" take it up).
PERSON_REQUEST_LEAD_RE = re.compile(r"^(?:我要|我想|帮我|给我|麻烦|请|能不能|可不可以)")
#: "在哪改", "那怎么改呢": where or how to change, and nothing named.
BARE_WHERE_CHANGE_RE = re.compile(
    r"^(?:那|那么)?(?:在|去|到)?(?:哪里|哪儿|哪|怎么|咋)(?:能|可以|去)?(?:改|修改|更改)(?:呢|啊|呀|吧)?[?？]?$"
)
#: "登进去以后在哪个菜单改", "在网站哪个菜单里改": where on the site a change is made,
#: which, once a password's change was told, is that answer (the site, after logging in).
PAGE_PLACE_CHANGE_RE = re.compile(
    r"(?:哪个|哪)(?:地方|菜单|栏目|位置|入口|页面|界面)(?:里|里面)?(?:可以|能)?(?:改|修改|更改)"
    r"|(?:登|进)(?:上去|进去|录|入)(?:以后|之后|后)[^，,。？?]{0,4}(?:哪|什么地方)[^，,。？?]{0,3}改"
)
#: "then how to change it later", "之后怎么改": a change asked right after the reset, which
#: is the new password's.
CHANGE_AFTER_RESET_RE = re.compile(
    r"(?:怎么|如何|咋|怎样|how (?:do (?:i|we) |to |can (?:i|we) |should (?:i|we) )?)"
    r"(?:改|修改|更改|换|change)"
    # "once I'm in again, can I change it online myself?": whether, as well as how
    r"|(?:can|could) (?:i|we) change (?:it|the password|my password|that)"
)
#: "开通完第一次登进去先点哪": where one clicks once in, which is how one operates,
#: whatever came before the login.
CLICK_ONCE_IN_RE = re.compile(
    r"(?:登进去|登上去|登录进去|登陆进去|登进|进去)[^，,。？?]{0,4}?(?:先点|点哪|点什么|点啥|从哪点|从哪开始)"
)
#: What is changed that is no password: the data of a submission.
NOT_A_PASSWORD_CHANGE = ("数据", "申报", "信息", "资料", "data", "submission", "form")
#: "去哪里登陆": logging in named ("登记" is registering, at the counter).
SIGN_IN_WORDS = ("登录", "登陆", "登入", "登錄", "log in", "login", "sign in")
#: "地址填错了", "地址写错": an address in the data slipped, not the counter's asked.
ADDRESS_SLIP_RE = re.compile(r"地址(?:也|都)?(?:填|写|输|弄|报)?(?:错|不对)")
#: "地址在哪": the counter's address, asked once an answer named the counter.
ADDRESS_WORDS = ("地址", "address")
#: "西湖区受理点地址": the counter named with its address, which the guide never gives,
#: asked first.
COUNTER_PLACE_WORDS = ("受理点", "受理點", "窗口", "人社局", "社保局", "区", "區", "县", "縣")
#: The topics whose answers send the user to the counter (受理点): the papers are taken
#: there and the agreement signed there, so "在哪" after them asks where that is.
COUNTER_NAMED_TOPICS = (
    "open_online",
    "not_in_guide",
    "password_lost",
    "documents",
    "agent_agreement",
)
#: "邮箱地址再说一遍", "电话号码多少": the guide's contacts, not the counter's address.
CONTACT_ADDRESS_WORDS = (
    "邮箱地址",
    "邮件地址",
    "电邮地址",
    "email address",
    "电话号码",
    "电话多少",
)
#: "发邮件的话地址呢": the address named apart from the mail it is for.
MAIL_ADDRESS_RE = re.compile(r"(?:邮件|邮箱|电邮|email|e-mail|mail)[^，,。？?]{0,6}?地址")
#: "要带什么东西去": the documents, for the type known.
#: "经办人本人还得带点什么", "协议在哪签": the unit's agent and the agreement they sign.
#: "我自己也要带身份证吗": the speaker's own card, which for a unit's agent is the agent's.
SELF_WORDS = ("我自己", "本人", "我也", "自己也", "我个人")
#: "我前面选错了…企业": a choice made wrong, which a type named after it says was the type's.
TYPE_CHOICE_SLIP_WORDS = ("选错", "按错", "点错")
#: "密码的事 我是企业", "材料那块，我们是事业单位": a topic of before pointed back at.
REFERRED_BACK_WORDS = (
    "的事",
    "那事",
    "那个事",
    "那块",
    "那一块",
    "的问题",
    "那个问题",
    "刚才",
    "之前",
    "前面",
)
#: "进度那个再说下": part of the answer just given, asked again.
REPEAT_WORDS = (
    "再发一遍",
    "再发一下",
    "再发下",
    "再发一次",
    "再说下",
    "再说一下",
    "再说一遍",
    "再说一次",
    "再讲下",
    "再讲一下",
    "再讲一遍",
    "重复一下",
    "重复一遍",
    "没看清",
    "say again",
    "say that again",
)
#: Which part of a two-topic answer "…那个再说下" points at, by the words of its topic.
REPEATED_TOPIC_CUES: dict[str, tuple[str, ...]] = {
    "check_progress": ("进度", "progress"),
    "login_methods": ("登录", "登陆", "login", "log in"),
    "website": ("网址", "网站", "website"),
    "documents": ("材料", "证件", "document"),
    "contact": ("电话", "邮箱", "12333"),
    "change_password": ("改密码", "修改密码", "换密码"),
    "password_lost": ("忘", "重置", "丢"),
    "open_online": ("开通",),
    "flow": ("流程", "步骤"),
    "how_to_operate": ("操作", "办理"),
}
#: "身份证要复印吗", "原件还是复印件": whether a copy goes with the original, which the
#: guide's lists of documents say (原件及复印件); how it is copied they do not.
COPY_ASK_WORDS = ("复印吗", "要复印", "复印件吗", "原件还是复印件", "复印件还是原件", "原件吗")
#: "材料再说一下": the documents named, asked again.
DOCUMENT_ASK_WORDS = (
    "材料",
    "资料",
    "带什么",
    "带啥",
    "带哪些",
    "准备什么",
    "准备啥",
    "要什么东西",
    "要啥东西",
)
#: "我本人还要带啥": what one brings besides the unit's papers, which only its agent does.
ALSO_BRING_WORDS = ("还要带", "还得带", "也要带", "也得带", "还需要带", "还需带", "另外带")
#: "经办人开通时自己要带什么": the agent's own person, said any way.
AGENT_SELF_WORDS = (*SELF_WORDS, "自己", "my own", "myself")
ID_CARD_WORDS = ("身份证", "身份證", "id card")
#: "要复印件吗", "原件要带吗": the copies and originals a list of papers asks for.
COPY_WORDS = ("复印", "原件", "copy", "copies")
#: "and the staff member who goes there?": the one the unit sends, in English (whose
#: "staff" and "person" ask for no person here).
ENGLISH_AGENT_WORDS = ("staff member who goes", "person who goes", "whoever goes", "one who goes")
AGENT_WORDS = (
    "经办人",
    "协议",
    "签",
    "去办的人",
    "去办事的人",
    "跑腿的人",
    "去窗口的人",
    *ENGLISH_AGENT_WORDS,
    # a bookkeeping firm (代理记账) goes for the companies it keeps the books of
    "代账",
    "代理记账",
)
#: "经办人换人了", "原来的经办人离职了，换个人去": the unit's agent is someone else now.
AGENT_CHANGED_WORDS = ("换人", "换了人", "换个人", "离职", "新经办人", "新的经办人", "换经办人")
#: "户口本要带伐", "户口本要不要", "复印件带不带": whether a paper is needed, asked.
PAPER_NEEDED_RE = re.compile(
    r"(?:要|需要|得|用)(?:带|拿|交)?(?:伐|吗|嘛|么)|要不要(?:带|拿|交)?[？?呢啊呀]*$|带不带|需不需要"
)
#: "机关也要组织机构代码证？", "複印件也要帶？": whether a paper is needed as well, said
#: with 也/还 and the paper after it.
PAPER_ALSO_NEEDED_RE = re.compile(
    r"(?:也|还|都)(?:要|需要|得)(?:带|帶|交|拿)?(?:(?!什么|啥)[^，,。？?]){1,12}(?:吗|嘛|伐|么|[?？])\s*$"
)
#: "身份证重新拍清楚传上去以后，还要再点提交吗": a paper sent online, not one brought.
PAPER_FILED_WORDS = ("审", "提交", "传上", "上传")
#: "组织机构代码证现在三证合一了还要带吗": a paper of the list merged into another, of
#: which the guide says nothing.
PAPERS_MERGED_WORDS = ("三证合一", "多证合一", "五证合一", "证照合一")
BRING_WORDS = (
    "带什么",
    "带啥",
    "带哪些",
    "带些什么",
    "带些啥",
    "带点什么",
    "带点啥",
    "准备什么",
    "准备啥",
    "准备哪些",
    "要什么材料",
    "什么材料",
    "哪些材料",
    "什么证件",
    "what documents",
    "which documents",
    "what do i need to bring",
    "what to bring",
    "what materials",
    "what papers",
)
#: A lost password in its own words, and where to go, said plainly: a topic the
#: selector ranks close but not sure of, in a long message, is taken at these words.
PASSWORD_LOST_CUES = (
    # "前任走了 密码没人知道": nobody left who knows it
    "没人知道",
    "没人晓得",
    "没有人知道",
    "不知道密码",
    "不晓得密码",
    "忘",
    "丢",
    "遗失",
    "找不到",
    # 吴语 寻 for 找: "帐号密码都寻不着了"
    "寻不着",
    "寻不到",
    "寻勿着",
    "记不得",
    "记不住",
    "记勿牢",
    "记不牢",
    "记不清",
    "不记得",
    "想不起",
    # Cantonese: 唔记得 (not remembered), 记唔起, 冇咗 (gone)
    "唔记得",
    "唔記得",
    "记唔起",
    "冇咗",
    "forgot",
    "lost",
    "nobody knows",
    "no one knows",
    "don't know the",
    "doesn't know the",
)
#: The portal's password, named.
PASSWORD_NOUN = "密码"
#: "那要是换完又给忘了呢": forgetting, said without what is forgotten.
FORGOT_WORDS = ("忘", "记不得", "记不住", "记不牢", "想不起", "不记得", "记不起")
WHERE_CUES = ("哪里", "哪儿", "什么地方", "啥地方", "啥西地方", "去哪", "在哪", "where")
#: "在网站上哪里找到那条记录": where on the portal a submission is found, which is the
#: progress look-up (办事进度查询), however much the message says of the website.
FIND_RECORD_RE = re.compile(
    r"(?:哪里|哪儿|在哪|哪)(?:能|可以|去)?(?:找|查|看)(?:到|得到)?(?:那条|那个|我的|之前的|提交的)?"
    r"(?:记录|申报|办件|事项)"
    # "在哪里找到刚才那条": the one spoken of, its noun left out
    r"|(?:哪里|哪儿|在哪|哪)(?:能|可以|去)?(?:找|查|看)(?:到|得到)?(?:刚才|之前|前面|刚刚)?的?"
    r"那(?:条|份)"
)
#: "是改还是重新交": what asks between two ways, said right before the second.
OR_WORDS = ("还是", "还是要", "还是得", "或者")
#: "我密码忘了……不对，密码我记得，就是想换一个": a clause taken back, standing alone
#: between pauses; "数据不对" is no taking back.
SELF_CORRECTION_RE = re.compile(
    r"(?:^|[，,。.!！？?…~～\s])(?:哦|噢|啊|呃|哎|额)?(?:不对|不不|说错了|讲错了|搞错了|我说错了)"
    r"(?:不对)?[，,。.!！…~～\s]+"
)
#: "不是忘了密码": said before a PASSWORD_LOST_CUES word, it denies the loss.
NOT_LOST_LEADS = ("不是", "没", "并非", "不是说", "没有")
#: "我们是市属公立医院，要开通网上办事": a wish to open, asking nothing about documents;
#: without any of these a "documents" reading is the opening itself (faq/open_online).
DOCUMENT_CUES = (
    "带",
    "帶",
    "材料",
    "资料",
    "證",
    "证",
    "文件",
    "复印",
    "原件",
    "执照",
    "准备",
    "什么",
    "啥",
    "哪些",
    "哪几",
    "document",
    "bring",
    "need",
    "paper",
)
#: "要到啥西地方去开通": a place asked, whose 什么 or 啥 asks nothing about documents.
PLACE_QUESTION_WORDS = ("什么地方", "啥西地方", "啥地方", "哪个地方", "哪块地方", "what place")
#: "can we reset it online instead of going there?": the password's reset wished done
#: online, which the guide's reset at the counter answers.
RESET_ONLINE_RE = re.compile(r"\breset(?:ting)?\b.*\bonline\b")
#: "要填的那张单子叫啥名字来着": the name of a form asked, however long, which after the
#: reset is its form (every development step so asked wants it).
RESET_FORM_NAME_RE = re.compile(
    r"(?:单子|申请单|申請單|申请表|表格|form)[^，,。？?]{0,3}?(?:叫|名字|名称|全称|全名|name)"
)
#: "要填什么申请单": the form only the lost-password answer names (密码重置申请单).
RESET_FORM_WORDS = (
    "which form",
    "what form",
    "the form",
    "申请单",
    "申请表",
    "申請單",
    "重置单",
    "表格",
    # "那张表在哪领": the form the reset answer named
    "张表",
    "那个表",
    "这个表",
    "哪张表",
    "哪个表",
    "什么表",
    "啥表",
    "哪张单",
    "什么单子",
    "啥单子",
    # "要填的那个单子叫什么": after the reset answer, any form to fill is its form
    "单子",
    "要填的",
    "填什么",
    "填啥",
)
#: "点了办事项目以后弹出来一个框", "弹框里填啥": the box a login asks in when an item is
#: clicked first, which is the guide's second way of logging in.
LOGIN_BOX_RE = re.compile(r"弹(?:出来?|起来?)?了?(?:个|一个|的)?(?:登录|登陆)?框")
#: "那个弹框死活不出来": the box failing, which the guide never speaks of.
LOGIN_BOX_FAILS_RE = re.compile(r"弹不出|不出来|没弹|不弹|没出来|没反应")
#: "在哪里操作", "在哪个页面点": where on the portal's pages, not which counter.
#: "在网站哪个菜单里改": a place on the portal's pages where something is done.
MENU_WORDS = ("菜单", "栏目", "按钮", "点哪", "哪个地方", "入口")
#: "点哪里", "在哪个菜单改", "入口在哪", "which button": where on the portal's pages, of
#: what the answer before told how to do.
PLACE_ON_PAGE_RE = re.compile(
    r"(?:点|按|戳)(?:哪|什么|啥)|哪个(?:菜单|按钮|栏目|入口|页面|界面|选项|模块)"
    r"|(?:菜单|按钮|入口|栏目|选项)(?:在)?(?:哪|什么地方)|在哪(?:里|儿)?(?:点|找|进|按)"
    r"|从哪(?:里|儿)?(?:进|点|找|入手)|(?:which|what) (?:menu|button|tab|page)"
    r"|where (?:do i |to |should i )?(?:click|tap|find it)"
)
#: "点哪里办": the bare verb of doing an item, which OPERATE_WORDS leaves to its nouns.
DO_IT_VERBS = ("办",)
#: What is said around a place asked ("那在哪个菜单呢？") and names nothing.
PLACE_FILLERS = "那在里儿的呢啊呀吗？?。.，,!！ 要去我是"
#: "same list?", "what about a company?": the last answer asked again, in English, for
#: the type the message names.
ENGLISH_SUPPOSING_WORDS = (
    " same ",
    " same?",
    " what about ",
    " how about ",
    " and for ",
    " and if ",
    " what if ",
    " as well",
    " too?",
    " also ",
)
ON_THE_PAGE_WORDS = (
    "操作",
    "页面",
    "界面",
    "菜单",
    "栏目",
    "按钮",
    "网页上",
    "点哪",
    "上传",
    "导入",
)
#: "开通时的材料呢": the documents of opening, not those of a step asked about before.
OPENING_WORDS = ("开通", "開通", "开户", "注册", "申请账号", "open", "sign up", "register")
#: "要先开通什么吗", "是不是得先开通": whether something is opened first, not its papers.
OPEN_FIRST_RE = re.compile(
    # "那她想自己在网上查查东西，要开通什么": what is to be opened, not what to bring
    r"(?:要|需要|得|必须)先开通|先(?:要|得)开通|开通什么(?:吗|么|嘛|伐)"
    r"|(?:要|需要|得)开通(?:什么|啥|哪个|哪些)[?？]*$"
)
#: "Can I email someone about the passport thing?", "这事能发邮件问谁": whom one writes
#: or calls about a detail, which the guide's contacts answer, whatever the detail.
CONTACT_SOMEONE_RE = re.compile(
    r"(?:email|e-mail|mail|call|phone|ring|contact|write to)\s+(?:someone|somebody|anyone|a person)"
    r"|(?:能|可以|能不能|可不可以)(?:发|写)?(?:邮件|电话)(?:问|咨询|联系)(?:谁|一下|下)?"
    r"|(?:给谁|找谁|跟谁|向谁)(?:发邮件|写邮件|打电话)"
)
#: "我不是他们公司的员工，能当经办人去签协议吗": whether one outside the unit may be its
#: agent, which the guide never says (it names the agent, not who may be one).
OUTSIDER_AGENT_RE = re.compile(
    r"不是[^，,。？?]{0,8}?(?:员工|职工|在编|正式工)[^。？?]{0,12}?(?:能|可以|能不能|可不可以|行不行)"
    r"[^。？?]{0,4}?(?:当|做|作为|算)经办人"
)
#: "那登录用的用户名是啥，就是邮箱地址吗": what a mailbox user's login name is, which the
#: guide never says (only that the mailbox opens the services).
MAILBOX_USERNAME_ASK_RE = re.compile(
    r"(?:用户名|账号|帐号|登录名)[^，,。？?]{0,4}?是(?:啥|什么|啥西|多少|哪个)"
    r"(?=[^。]*(?:邮箱|mail))"
)
#: "怎么都不行？那把第一个注销": a 注销 ordered with 把 in the last clause, whatever was
#: asked or vented before it.
CANCEL_ORDERED_LAST_RE = re.compile(
    r"^(?:那|那就|那么|好|行)?(?:我)?(?:就)?把[^，,。？?]{0,8}?(?:注销|撤回|撤销|撤了|撤掉|作废)"
)
#: "到底怎么登录的", "咋登录啊": how one logs in, asked in so many words.
HOW_TO_LOG_IN_RE = re.compile(r"(?:怎么|咋|如何|哪能|怎样)(?:才能|才可以)?(?:登|log ?in)")
#: The agent (经办人) who goes to the counter for a unit, named.
AGENT_WORD = "经办人"
#: "方式二是啥意思": the guide names the two ways of logging in 方式一 and 方式二
#: ("处理方式一样吗" compares, and names none).
LOGIN_WAY_NAMED_RE = re.compile(r"方式(?:一(?![样致般])|二|1|2)")
#: "市民邮箱用户也要去领用户名密码吗", "有市民邮箱还用开通吗": whether the mailbox spares
#: the opening, asked (every development step so worded wants the mailbox's answer).
MAILBOX_STILL_NEEDS_RE = re.compile(
    r"(?:市民邮箱|市民郵箱)[^。？?]{0,16}?(?:也要|还要|还用|要不要|用不用|还需要|也得|还得)"
)
#: "不预约的话…": what ends a condition told before the question.
CONDITION_MARK = "的话"
#: The papers named by their own words, beside which "开通什么" is still about them.
PAPER_WORDS = ("带", "帶", "材料", "资料", "证", "證", "文件", "复印", "原件", "执照")
#: "开通好了以后", "开通之后": the opening done, what comes after it asked.
OPENED_ALREADY_RE = re.compile(r"开通(?:好|完|成功)?了?(?:以后|之后|后)|开通好了|开通完了")
#: "账号密码拿到了", "开通好了": a step of the guide's order told as done, by the topic
#: that tells it (the next step's topic follows, as after its answer).
STEPS_TOLD_DONE = (
    (
        re.compile(
            r"(?:账号|帐号|用户名|密码)[^，,。？?]{0,4}?(?:拿到|领到|到手|有了|领了|拿了|办好)|"
            + OPENED_ALREADY_RE.pattern
        ),
        "open_online",
    ),
    (re.compile(r"(?:登录|登陆|登进去|登上)(?:好了|完了|了|进去了)"), "login_methods"),
)
#: "网上办事是啥 咋开": how to open it, in the fewest words.
#: "伊要去开通伐": whether it must be opened at all (of one with no 市民邮箱 said).
NEEDS_OPENING_RE = re.compile(
    # "是不是要先去开通的伐"
    r"(?:要|需要|得|用)(?:先)?(?:去)?(?:开通|另外开通|单独开通)(?:的)?(?:吗|伐|么|嘛|不)"
)
#: "怎么个开通法子": how one opens it, asked the long way round.
HOW_TO_OPEN_WORDS = (
    "咋开",
    "怎么开",
    "怎样开",
    "如何开",
    "哪里开",
    "哪开",
    "去哪开",
    "在哪开",
    "开通法",
)
#: "我们要给37个人报基数，能一次弄完吗": many people's records, and all at once.
#: "卫生保健合格证在哪里办", "营业执照去哪办": where a certificate is issued, which is
#: another office's business, not the portal's opening.
CERTIFICATE_WHERE_RE = re.compile(
    # not 身份认证, the portal's own login
    r"(?:合格证|许可证|资格证|执照|证书|(?<!认)证)(?:要|得|应该|可以)?(?:在|去|到)?"
    r"(?:哪里|哪儿|哪|什么地方)(?:办|领|拿|申请|开|补)"
)
#: "原来的经办人走了 换个人去可以伐", "新的经办人去可以吗": whether another agent may go,
#: which the guide never says ("新经办人带自己的身份证就行了吗" asks the papers).
AGENT_SWAP_RE = re.compile(
    r"(?:换(?:个|一个)?人|新(?:的)?经办人|新來的?經辦人|新的?經辦人)(?:去|来|來)?(?:办|辦)?(?:也|都)?"
    r"(?:可以|行|能|成)"
)
#: "我的参保证明打出来信息不对啊": a query's result said wrong, which the guide sends to the
#: business unit or 12333 (faq/contact), as no submission of the user's is to fix.
QUERY_RESULT_WRONG_RE = re.compile(
    r"(?:参保证明|缴费记录|查询结果|查出来的?|打出来的?)[^，,。？?]{0,8}(?:不对|错了|有误|不准|对不上)"
)
#: "能不能网上直接重置 不想跑一趟", "can I reset it online?": the reset done online asked,
#: which its answer (at the counter) says no to ("网上办事密码重置…" names the portal).
ONLINE_RESET_RE = re.compile(
    r"(?:网上|线上|在线)(?:直接|自己)?(?:就)?(?:重置|找回)|reset[^,.?？]{0,12}online"
    # "能不能打个电话就重置掉": by a call, which is no more the counter than online is
    r"|打(?:个)?电话(?:就)?(?:能|可以)?(?:帮我)?(?:重置|找回)",
    re.I,
)
#: "事业单位法人证书找不到了咋办": a paper lost, which the guide never says what to do
#: about (not the password, lost in the same words).
PAPER_LOST_RE = re.compile(
    r"(?:证书|执照|证|复印件|原件|申请单)[^，,。？?]{0,4}(?:找不到|丢了|弄丢|遗失|不见了|没了)"
)
#: "没帐号", "我还没有账号的": no account yet, told, which the opening gives.
NO_ACCOUNT_RE = re.compile(
    # "可我压根没有帐号": however led and stressed
    r"^(?:可是|但是|可|但|我们|我)*(?:还|都|压根儿?|根本|本来就|就)*(?:没|没有)(?:帐号|账号|用户名|账户)"
    r"(?:的|啊|呀|呢|哦|嘛)*$"
)
#: "网上办事怎么开", "网站上那个咋开": how to open (开 for 开通; 打开 a page is no opening).
HOW_TO_OPEN_RE = re.compile(
    r"(?:怎么|咋|如何|怎样)(?:样)?(?:才能|才可以|能)?开(?:通|同|桶)?(?![始心会票证具发着车门放户])"
)
#: "就业创业证申领": an item that asks for a card the bureau issues.
CARD_WORD = "证"
#: "得谁去办", "派谁去": who goes to the counter for a unit, which is its agent (经办人);
#: "那我问谁去" asks whom to ask, "谁来审" who reviews.
WHO_GOES_RE = re.compile(
    r"(?<![问找])谁(?:去|来|亲自去)?(?:办|弄|跑|签)|(?<![问找])谁去[啊呀呢]?[?？]*$"
)
#: "能批量弄吗": doing many records at once, named in one word.
#: "就业登记网上怎么弄": an item done on the portal.
ONLINE_DOING_WORDS = ("网上", "线上", "网站上", "online")
BATCH_WORDS = ("批量", "batch")
#: "86个人的表能不能整个重新导一遍", "几百个人能一次性导进去吗": many put in by one import,
#: asked; which the batch answer tells (not a slip in what was imported, nor a template).
IMPORT_RE = re.compile(r"导进去|导入|导一遍|重新导|一次性导|一次导|导进")
WHOLE_IMPORT_WORDS = ("整个", "全部", "一次性", "一次", "一起")
NOT_WHOLE_IMPORT_WORDS = ("多少", "改", "错", "模板", "失败", "下载", "格式")
MANY_RECORDS_RE = re.compile(
    r"\d{2,}\s*(?:个|名|位)?\s*(?:人|员工|职工|条)|[几十百千]+(?:个|名|号)?(?:人|员工|职工|条)"
    # "十几个服务员", "几十名保洁工": a count of staff named by their work
    r"|[几十百千]+(?:个|名|位)[\u4e00-\u9fff]{1,2}?[员工]"
    # "新来40个护士", "二十多名老师", "几十个新老师": a count of staff named by their trade
    r"|(?:\d{2,}|[几十百千两二三四五六七八九]+十|[几十百千]+)多?\s*(?:个|名|位)\s*(?:新来的?|新招的?|新进的?|新)?"
    r"(?:护士|医生|老师|教师|工人|司机|厨师|保安|保洁|店员|员工|职工|学生|师傅)"
    r"|好多人|很多人|一大批|一批|所有员工|全部员工|全体员工|很多条|好多条|多条数据|大量数据"
    # "一大堆员工的增员", "一堆人"
    r"|一大?堆(?:的)?(?:人|员工|职工|数据|记录)"
    # "阿拉员工交关多" (Wu: very many), "我们人蛮多的"
    r"|(?:员工|职工|人)(?:很|好|交关|特别|蛮|太|超)多"
    # "他开了个小公司 员工多" ("员工多久能参保" asks a time)
    r"|(?:员工|职工|工人)多(?!久|少|长|大)"
    # Hangzhou 木佬佬 (a great many): "工人木佬佬"
    r"|(?:员工|职工|工人|人)木佬佬"
    # "这个月入职了8个人，能一次性弄吗": a few, with "at once" beside them (asks_for_batch)
    r"|(?<![\d一])[2-9两三四五六七八九]\s*(?:个|名|位)\s*(?:新)?(?:人|员工|职工|新人)"
    # "刚招了二十来个人", "30来名员工": a count given roughly
    r"|(?:\d{2,}|[两二三四五六七八九]?十|[几百千]+)来\s*(?:个|名|位)?\s*(?:人|员工|职工|新人|条)"
)
#: "https://… 这个呢，群里有人发的": a web address pasted, which only the guide's own
#: address (faq/website) can be told apart from.
WEB_ADDRESS_RE = re.compile(r"https?://|www\.", re.I)
#: "网址是www.hzrs.gov.cn对不对": an address put up to be confirmed as the site's.
ADDRESS_CHECKED_RE = re.compile(
    r"(?:" + WEB_ADDRESS_RE.pattern + r"|\.gov\.cn|\.com)[^，,。？?\s]*\s*"
    r"(?:对不对|对吗|是不是|是吗|吧|没错吧|对伐)",
    re.I,
)
ALL_AT_ONCE_WORDS = (
    "一次",
    "一起",
    "一块",
    "一下子",
    # Hangzhou 一记头 (in one go)
    "一记头",
    "同时",
    "批量",
    "一口气",
    "at once",
    # the other way round: "一个个填太慢了"
    "一个个",
    "一个一个",
    "挨个",
    "逐个",
)
#: "怎么弄啊": a how-to that names nothing; what is left when these go is what it asks
#: ("怎么操作" names the operating, faq/how_to_operate).
#: "我现在能做什么": what to do next, asked of the one on screen.
WHAT_NOW_WORDS = (
    # "身份证我重新拍清楚了，接下来怎么弄": the next step, after what was told done
    "接下来怎么",
    "接下去怎么",
    "接下来该",
    "下一步怎么",
    "下一步该",
    "然后怎么弄",
    "能做什么",
    "该做什么",
    "要做什么",
    "能做啥",
    "该做啥",
    "要做啥",
    "该干嘛",
    "能干嘛",
    "能干啥",
    "该干啥",
    "怎么办",
    "咋办",
    "what can i do",
    "what now",
    "what should i do",
)
VAGUE_HOW = (
    # Hangzhou 咋话 (how), which names nothing either
    "咋话",
    "怎么弄",
    "怎么搞",
    "怎么整",
    "怎么做",
    "怎么办",
    "咋弄",
    "咋搞",
    "咋整",
    "咋办",
    "咋做",
    "怎麼弄",
    "怎麼辦",
    "怎么处理",
    "咋处理",
    "如何处理",
    "怎么解决",
    "咋解决",
    # a complaint that names nothing: "就是那个网上那个弄不了"
    "弄不了",
    "用不了",
    "搞不了",
    "弄不来",
    "弄不好",
    "搞不好",
    "搞不定",
    "不会弄",
    "不会用",
    # a speaker's filler, not a how-to: "嗯那个怎么说呢", "那个啥来着"
    "怎么说",
    "啥来着",
    "什么来着",
    # a word groped for and not found: "额 就是那个 网上那个 啥西" (啥西 is 什么)
    "那个什么",
    "那个啥",
)
#: What may stand around a vague how-to without naming anything ("那我这个到底怎么弄啊",
#: "就是网上那个弄不了": 网上 is the portal itself; "那个那个东西怎么弄").
VAGUE_FILLERS = (
    "啊呀呢吗吧了哦哈嘛喔诶唉哎嗯额呃那我们咱你这个该要到底究竟请问现在下一就是网上东西接来然后喂"
    # "这个东西的那个怎么搞", "葛个东西咋话弄弄好" (Hangzhou 葛个: this)
    "的啥葛弄好"
    # "我那个东西弄不好啊 烦死了": the grumble beside it names nothing either
    "烦死真"
)
#: "算了，谢谢", "好的，没事了": a yes or no with nothing asked that closes the talk.
#: "取消提醒", "别再提醒了": the alerts ended, not thanked for.
ALERT_STOP_WORDS = (
    "取消",
    "关",
    "停",
    "不要",
    "别",
    "退订",
    "不用",
    "unsubscribe",
    "stop",
    "cancel",
)
#: "明天杭州下不下雨": plainly nothing to do with the portal nor social security.
OFF_TOPIC_WORDS = (
    "天气",
    "下雨",
    "下不下雨",
    "下雪",
    "气温",
    "几度",
    "笑话",
    "股票",
    "彩票",
    "外卖",
    "weather",
    "joke",
    # food, films, games and trips: what people ask any assistant between two questions
    "好吃",
    "美食",
    "餐厅",
    "电影",
    "游戏",
    "旅游",
    "景点",
    "星座",
    "房价",
    # the tax office's, not the bureau's: "个税汇算在哪弄"
    "个税",
    "个人所得税",
    "所得税",
    "退税",
    "income tax",
    "restaurant",
    "dumpling",
    "food",
    "movie",
    "football",
    "hotel",
    "recipe",
)
THANK_WORDS = (
    "谢谢",
    "多谢",
    "感谢",
    "谢了",
    "谢啦",
    "謝謝",
    "辛苦",
    # "麻烦侬了" (Hangzhou/Shanghai 侬): the trouble given, thanked for; "太麻烦了" is a
    # complaint, so the one troubled is named
    "麻烦你了",
    "麻烦您了",
    "麻烦侬了",
    "麻烦你们了",
    "麻烦你啦",
    "有劳",
    "thx",
    "thanks",
    "thank you",
    "thank u",
    "thanku",
    # "tks", "thanx": thanks as typed in a hurry
    "tks",
    "thanx",
    "thnx",
    "3q",
    # formal letters: "谨致谢忱", "特此致谢"
    "谢忱",
    "致谢",
    # Cantonese and pinyin thanks
    "唔该",
    "唔該",
    "xiexie",
    "xie xie",
    "cheers",
    # hands folded, a thumb up: thanks sent as a picture
    "🙏",
    "👍",
)
#: What may follow the closing words at the end of a message ("谢谢啦！").
#: The marks a closing may end on, with no word among them.
CLOSING_MARKS = " ~～!！。."
CLOSING_TRAIL = "啦了啊呀哈吧~～！!。. 你您"
#: "好的明白了 再见👋": emoji and pictographs a closing may end on.
EMOJI_TAIL_RE = re.compile(r"[\s\U0001F000-\U0001FAFF\u2600-\u27BF\uFE0F\u200D]+$")
#: What may follow English thanks at the end of a message ("Thank you very much").
CLOSING_TRAIL_WORDS = ("very much", "so much", "a lot", "again")
DONE_WORDS = (
    # "下班了 溜了": off, in chat slang
    "溜了",
    "闪了",
    "下线了",
    # pinyin and English goodbyes ("ok zaijian")
    "zaijian",
    "goodbye",
    "bye",
    "没事了",
    "没事啦",
    "没有了",
    "没别的",
    "没其他",
    "没其它",
    "没什么了",
    "就这些",
    "就这样",
    "先这样",
    "就这么着",
    "没问题了",
    "再见",
    # "好了没事了再会": 再会, goodbye in Wu and Cantonese
    "再会",
    "拜拜",
    "886",
    "bye",
    "沒事了",
    "that's all",
    "nothing else",
)
#: "88", "拜": a goodbye that is the whole message; inside one, 88 may end a phone number.
BARE_GOODBYES = ("88", "8888", "拜", "拜了", "bb")
#: "您好，我是公司HR": a greeting that comes with the type.
GREETING_WORDS = (
    "你好",
    "您好",
    "在吗",
    "哈喽",
    "嗨",
    "老师好",
    "早上好",
    "下午好",
    "晚上好",
    "你們好",
)
#: Said around a greeting and meaning nothing of their own ("喂你好那个…", "你好 请问一下").
GREETING_FILLERS = ("喂", "那个", "请问", "一下", "有人吗", "有人", "嗯", "呃", "啊", "呀", "哦")
GREETING_RE = re.compile(r"\b(?:hi|hello|hey)\b", re.I)
#: "nihao", "nin hao a", "zaima": a greeting typed in pinyin, alone.
PINYIN_GREETING_RE = re.compile(
    r"(?:(?:ni|nin)\s*hao|zai\s*ma)(?:\s*(?:a|ya|ma|ah))?[\s!！.。~～?？]*"
)
#: "cailiao ne", "change pw?": a guide topic's key word typed in Latin letters, in pinyin
#: as people without a Chinese keyboard write it or in English; the first that fits, so
#: the password's two topics and the papers come before the bare words.
LATIN_TOPICS = (
    # forgotten, it is reset; changed (even "after the reset"), it is changed; reset alone
    (
        re.compile(
            r"\b(?:forg[eo]t|lost)\b.*\b(?:pw|pwd|password)\b|\b(?:pw|pwd|password)\b.*\b(?:forg[eo]t|lost)\b"
        ),
        "password_lost",
    ),
    (re.compile(r"\b(?:change|modify|update)\b.*\b(?:pw|pwd|password)\b"), "change_password"),
    (
        re.compile(r"\breset\b.*\b(?:pw|pwd|password)\b|\b(?:pw|pwd|password)\b.*\breset\b"),
        "password_lost",
    ),
    (
        re.compile(r"mi\s*ma.*(?:wang|diu|zhao\s*bu)|(?:wang\s*ji|wang\s*le|diu\s*le).*mi\s*ma"),
        "password_lost",
    ),
    (re.compile(r"(?:gai|xiu\s*gai|huan).*mi\s*ma|mi\s*ma.*(?:gai|huan)"), "change_password"),
    # "kaitong yao dai shenme": what to bring names the opening too, and asks the papers
    (re.compile(r"cai\s*liao|zi\s*liao|zheng\s*jian|dai\s*(?:shen\s*me|sha|sm)\b"), "documents"),
    # "I use the 市民邮箱, do I still need to open online services?": the mailbox's own case
    (re.compile(r"市民邮箱|citizen\s*mail|shi\s*min\s*you\s*xiang"), "citizen_mailbox"),
    # "shouli dian juti zai na tiao lu", "yao qian ma": what the guide never gives
    (
        re.compile(
            r"ju\s*ti\s*(?:di\s*zhi|zai)|na\s*tiao\s*lu|ji\s*lou|ji\s*dian"
            r"|shou\s*fei|yao\s*qian|duo\s*shao\s*qian|zhou\s*mo"
        ),
        "not_in_guide",
    ),
    # "shuju tian cuo le", "geren ye keyi yong piliang ma", "150 new hires, one by one??"
    (re.compile(r"shu\s*ju.*(?:cuo|gai)|tian\s*cuo|\bwrong\s+data\b"), "fix_data"),
    (
        re.compile(r"pi\s*liang|\bbatch\b|\bin\s+bulk\b|\bbulk\b|one\s+by\s+one|all\s+at\s+once"),
        "batch",
    ),
    (re.compile(r"kai\s*tong|开通"), "open_online"),
    # "how can I open the online services thing": the opening asked in English (its fee or
    # its papers are the NLU's to place: "is there any fee for opening it")
    (
        re.compile(
            r"^(?!.*\b(?:fees?|costs?|charged?|free|bring|documents?|papers?)\b)"
            r".*\bhow\b[^?.!]{0,24}\bopen\b"
        ),
        "open_online",
    ),
    (re.compile(r"jin\s*du"), "check_progress"),
    (re.compile(r"wang\s*zhi"), "website"),
    (re.compile(r"deng\s*lu"), "login_methods"),
)
#: "I'd like to see my own applications", "can you check our submissions": one's own,
#: looked at, in English.
ENGLISH_OWN_LOOK_RE = re.compile(
    r"\b(?:see|check|view|look at|show me|pull up|find)\b[\w' ]{0,16}?\b(?:my|our)(?: own)?"
    r" (?:applications?|submissions?|filings?|declarations?|records?|progress)\b"
)
#: "cha yixia wo de banshi jindu", "wo de shenbao shenhe dao na yi bu le": one's own
#: progress asked in pinyin, which the look-up shows, not the guide's how-to.
LATIN_OWN_LOOK_RE = re.compile(
    r"\bwo\s*(?:men\s*)?de\b.*(?:jin\s*du|shen\s*bao|shen\s*he|ban\s*shi)"
    r"|\b(?:cha|kan)\b.*\bwo\s*(?:men\s*)?de\b"
)
#: At least this share of a message's letters in Latin script for its pinyin to be read.
LATIN_MIN_SHARE = 0.5
#: "老师好", "师傅你好", "工作人员您好": a greeting alone, with the honorific people
#: address a counter's staff by.
HONORIFIC_GREETING_RE = re.compile(
    r"^(?:老师|师傅|同志|领导|客服|工作人员|小姐姐|美女|帅哥|亲)(?:你|您)?好(?:啊|呀|哦)?[!！。.~～]*$"
)
#: The user speaks for a unit but has not said which kind (企业 or 机关事业单位).
UNIT_WORDS = ("单位",)
#: Bodies the guide names no type for ("社会组织", "律所", "我们是协会的"): said alone, a
#: unit of a kind still to be asked.
ORGANISATION_WORDS = (
    "社会组织",
    "社会团体",
    "社团",
    "协会",
    "学会",
    "商会",
    "基金会",
    "律所",
    "律师事务所",
    "事务所",
    "工会",
    "合作社",
)
#: "哦不对，我是单位的": the user corrects the type said before.
CORRECTION_WORDS = (
    "不对",
    "错了",
    "说错",
    "搞错",
    "弄错",
    "其实是",
    "应该是",
    "改成",
    "哦不",
    "不是个人",
    "不是单位",
    # "更正一下，我们是民政登记的民办非企业单位"
    "更正",
    "纠正",
)
#: "sorry, actually it's our hospital's account": the type corrected, in English too.
TYPE_CORRECTION_WORDS = (*CORRECTION_WORDS, "actually", "i meant", "i mean", "my mistake")
#: "哦不对，号码输错了，是139…": the contact just given, corrected.
CONTACT_CORRECTION_WORDS = (
    *CORRECTION_WORDS,
    "输错",
    "写错",
    "打错",
    "填错",
    "更正",
    "换成",
    "换个",
    "wrong number",
    "correction",
)
#: "我要转人工，这个需要改": a person asked for, whatever else the message says.
#: "能找个真人吗", "帮我换一位工作人员": a person asked for with a verb and a measure word.
PERSON_RE = re.compile(
    # "你给我转一下人工吧", "帮我转给人工"
    # "帮我寻个人工" (吴语 寻, to look for)
    r"(?:找|寻|要|转|叫|换|接|让|有没有|有)(?:一下|下)?(?:给|到)?(?:一个|一位|个|位)?"
    # "有人工审核吗" asks how the review is done
    r"(?:真人|活人|人工|工作人员|客服人员|接线员|话务员|坐席)(?!审|核|处理|办理)"
    # "还是转吧，就问刚才那个收费的问题": the person declined before, asked for after all
    r"|(?:^|还是|那就|那)(?:帮我)?转(?:一下|下)?吧"
    # "人工", "算了 人工吧": a person, named bare
    r"|^(?:算了|还是|那就|那|好吧|行吧)?[，,\s]*人工(?:服务|客服)?(?:吧|啊|呀|呢)?[!！。.]*$"
    # "那我还是找个人问问", "想找人问一下": someone to ask, not the bot
    r"|[找寻]个?人来?(?:问|聊|说|帮)"
    # "一直没人审 我要找人": a person, said last ("我要找人代办" is someone else's errand)
    r"|(?:我要|我想|让我)找个?人(?:吧|啊|呀|了)?[!！。.]*$"
    # "有人能跟我讲讲伐": someone to explain, not the bot's answer again
    r"|有(?:没有)?(?:人|谁)(?:能|可以)?(?:跟|给|帮)我(?:讲|说|解释|教)(?!过|了)"
    # "有没有人能打电话教教他": someone who can, for the user or the one they help
    r"|有(?:没有)?(?:人|谁)(?:能|可以)(?:打(?:个)?电话)?(?:跟|给|帮)?(?:我|他|她|我们|他们)?"
    r"(?:讲|说|解释|教)(?!过|了)"
    # "接线员在吗": the hotline's people, called for by name ("接线员说要带户口本" is not)
    r"|(?:接线员|话务员|坐席)(?:在吗|在不在|在伐|呢)"
    # "你让人打电话给我吧", "麻烦回个电话": a call back asked for ("审核没过会打电话给我吗"
    # asks what happens, and "让人…吗" whether they would)
    r"|(?:让|叫|请|麻烦|找)(?:个|一个)?(?:人|工作人员|客服)?(?:给我|跟我)?(?:打|回)(?:个|一个)?电话"
    r"(?!.{0,6}[吗么])"
)
PERSON_WORDS = (
    "转人工",
    # 人公 and 人攻, slips of 人工 typed or heard by sound ("你帮我转个人攻吧")
    "转人公",
    "找人公",
    "人公客服",
    "个人攻",
    "转人攻",
    "找人攻",
    "人攻客服",
    "人公服务",
    "要人公",
    # 人功, the same slip by another character of the sound ("转人功 快点")
    "转人功",
    "找人功",
    "人功客服",
    "人功服务",
    "人工客服",
    "人工服务",
    "找人工",
    "真人客服",
    "找人帮",
    "找个人帮",
    "找个人来",
    # "找个人跟我说": someone to talk it through with
    "找个人跟我",
    "找个人和我",
    "叫个人来",
    "找真人",
    "要真人",
    "转真人",
    # pinyin: "zhuan rengong", "wo yao ren gong"
    "rengong",
    "ren gong",
    "to a human",
    "a real person",
    "live agent",
    "talk to someone",
    "speak to someone",
    "叫个真人",
    "叫真人",
    "让真人",
    "真人给我",
    "真人来",
    "真人在",
    "人工给我打",
    "人工给我回",
    "让人工",
    "叫人工",
    "给我回个电话",
    "给我回电话",
    "回个电话给我",
    "打个电话给我",
    "给我打个电话",
    "call me back",
    "真人服务",
    "转给人工",
    "转给真人",
    "转给工作人员",
    "转给客服",
    "问问人工",
    "问下人工",
    "问一下人工",
    "找个人工",
    "转个人工",
    "要个人工",
    "人工问问",
    "接人工",
    # a complaint is a person's to take (labels.md: request_human); "怎么投诉" asks how
    "我要投诉",
    "要投诉",
    "想投诉",
    "我投诉",
    "投诉你们",
)
#: "投诉！…": a message that opens with a complaint, and asks nothing, is for a person.
COMPLAINT_LEAD = "投诉"
#: "什么都不知道要你有啥用 投诉": a complaint lodged last, after the grievance.
COMPLAINT_LAST_RE = re.compile(
    r"(?:^|[\s，,。.!！])(?:我要|我想|要)?投诉(?:你们|你)?[!！。.~～\s]*$"
)
#: "谁能催一下": only a person can hurry a review along (催缴, a demand to pay, is not this).
HURRY_WORDS = (
    "催一下",
    "催一催",
    "催催",
    "催下",
    "催办",
    "催促",
    "帮我催",
    "帮忙催",
    "能催",
    "去催",
)
#: "登录网办账号", "帮我登一下": the login ordered here, its account named or the order
#: plain ("登录怎么弄" asks how).
LOGIN_ORDER_RE = re.compile(
    r"^(?:请|帮我|我要|我想|先|那|那就)?(?:登录|登陆|登入|登)(?:一下|下)?"
    r"(?:我的|我们的|单位的|公司的)?(?:网办|网上办事)?(?:的)?(?:账号|账户|帐号|帐户)(?:吧|啊)?[。.!！]*$"
    r"|^(?:请|帮我|我要|我想|先|那就)(?:登录|登陆|登入)(?:一下|下)?(?:吧|啊)?[。.!！]*$"
    # "重新登陆一下", "再登录一次": logging in again, after a wrong account or a log-out
    r"|^(?:请|帮我|我要|我想|那|那就)?(?:重新|再)(?:登录|登陆|登入)(?:一下|下|一次|一遍)?(?:吧|啊)?[。.!！]*$"
)
#: "网上在哪操作": where or how online a thing is done, which the guide's steps say.
OPERATE_WHERE_WORDS = ("在哪操作", "哪里操作", "哪儿操作", "怎么操作", "如何操作", "在哪里操作")
#: "你好，我在香港，想帮杭州的妈妈问网上办事的事": a question announced, not yet asked;
#: the greeting's invitation to ask it answers.
ANNOUNCED_ASK_RE = re.compile(
    r"(?:想|要|来|帮|替)(?:帮|替|给)?[^，,。？?]{0,8}?(?:问|咨询|了解)(?:一下|下|个|点)?"
    r"[^，,。？?]{0,12}?(?:的事|的事情|个事|的问题|方面的|几个问题|个问题|一下)[。.!！~～]*$"
)
#: At the hand-off's description step, words that give the question to the agent
#: ("想问…", "问…的事", "…想问清楚"): the question is the description, not a digression.
FOR_THE_AGENT_WORDS = (
    "想问",
    "想确认",
    "想核实",
    "想核对",
    "想咨询",
    "要咨询",
    "咨询一下",
    "想了解",
    "了解一下",
    "想知道",
    "问清楚",
    "问明白",
    "请教",
    "我的问题",
    "问题是",
    "帮我问",
    "不知道怎么",
    "不晓得怎么",
    # not knowing where, or what, is a case too ("…申请单不知道在哪里领")
    "不知道在哪",
    "不知道去哪",
    "不知道哪里",
    "不知道该",
    "不晓得在哪",
    "不晓得去哪",
    "不清楚怎么",
    "不清楚在哪",
    "搞不清",
    "教教我",
    "不会弄",
    "弄不来",
)
#: "…申请单填好了但不知道交到哪个窗口": not knowing where, how or what to do, whatever
#: the verb between, is the case the user hands over.
NOT_KNOWING_RE = re.compile(
    # "…被退回了不知道咋改": 咋 and 如何 are the how of speech and of writing
    r"不(?:知道|晓得|清楚|懂|明白)[^，。？?!！]{0,8}?(?:哪|怎么|怎样|咋|如何|什么|啥|谁|几)"
    # "…去窗口要带什么没搞清楚": the question first, then that it is not understood
    r"|(?:哪|怎么|怎样|咋|如何|什么|啥|谁|几)[^，。？?!！]{0,8}?"
    r"(?:没|不|搞不|弄不|看不)(?:搞|弄|看|太)?(?:清楚|懂|明白)"
)
#: A clause that starts so hands a question to the agent ("…，问单位密码重置的事")…
FOR_THE_AGENT_HEADS = ("问", "咨询")
#: …unless it is the polite lead of a question of one's own ("问一下，…几点下班").
POLITE_ASK_HEADS = ("问一下", "问下", "问个", "问问")
#: "对了，…", "顺便问一下…": a question on the side, whatever else the message says.
ASIDE_WORDS = ("对了", "顺便", "另外", "先问", "再问", "插一句", "话说", "by the way", "btw")
#: "等下，你们受理点几点下班": a message opened by "wait" sets the form aside for a moment
#: (within a message, 等等 is "and so on").
ASIDE_LEADS = ("等下", "等一下", "等等", "稍等", "慢着", "且慢", "wait")
#: "啊等下，你们窗口几点下班": the sounds said before the "wait".
ASIDE_LEAD_SOUNDS = "嗯呃额哦啊哎诶唉噢"
#: A question about the user's own case ("我的…为什么…", "我们单位…"): a case for the agent.
OWN_CASE_WORDS = (
    "我的",
    "我们的",
    "我自己的",
    "我们单位",
    "我单位",
    "我司",
    "我们公司",
    "本单位",
    "我们企业",
    "我们厂",
    # "帮我看下增员那条": one entry of the user's own, pointed at
    "那条",
    "那一条",
    # "我那个灵活就业参保登记为什么被退回了": the user's own, pointed at
    "我那个",
    "我那份",
    "我那项",
    "我们那个",
    # "我有个申报被退回来了 为啥": one of the user's own, told of
    "我有个申",
    "我有一个申",
    "我有条申",
    "我有一条申",
    "我们有个申",
    # "我有个东西被打回来了，想看看为啥": a thing of one's own, told of
    "我有个东西",
    "我有一个东西",
    "我们有个东西",
)
#: Clauses that carry no case ("麻烦你了", "你好"), whatever their length.
COURTESY_WORDS = ("麻烦你了", "麻烦了", "谢谢你", "谢谢", "你好", "您好", "请问", "那个", "就是说")
#: After a ticket's status or a hand-off left, "那我再提一个": a new ticket.
NEW_TICKET_WORDS = (
    "再提一个",
    "再提个",
    "提一个",
    "提个",
    "重新提",
    "再提交一个",
    "提交一个",
    "再开一个",
    "开一个",
    "开个",
    "新建一个",
    "新开一个",
    "再建一个",
    "再来一个",
    "再转一次",
    "重新转",
    "再转一下",
    # A mind changed after the offer was declined or the form left: "还是转吧".
    "还是转",
    "那就转",
    "就转吧",
    "转吧",
)
#: Hangzhou's districts and counties, by which a user points at a submission through
#: the office that handles it ("拱墅区人社局那个"); 下城 and 江干 are gone but still said.
HANGZHOU_DISTRICTS = (
    "上城",
    "下城",
    "江干",
    "拱墅",
    "西湖区",
    "滨江",
    "萧山",
    "余杭",
    "临平",
    "钱塘",
    "富阳",
    "临安",
    "桐庐",
    "淳安",
    "建德",
)
#: The city's centres by the short names users give them ("机关事业中心里没通过的"),
#: each with the office's name as the portal lists it; the first named wins, so the
#: agencies' centre goes before the 社保中心 its own name contains.
CITY_OFFICES = (
    (
        ("机关事业中心", "机关事业社保中心", "机关社保中心", "机关事业单位社保中心", "机关中心"),
        "杭州市机关事业单位社会保险管理服务中心",
    ),
    (("就业中心", "就业管理中心", "就业管理服务中心"), "杭州市就业管理服务中心"),
    (("市社保中心", "社保中心", "社会保险管理服务中心"), "杭州市社会保险管理服务中心"),
)
#: The hotline's number, named in a question about what it does ("打12333能直接帮我重置吗").
HOTLINE = "12333"
#: After a hand-off left or a ticket's status, "那你告诉我12333的邮箱": how to reach 12333.
REACH_12333_WORDS = ("邮箱", "电话", "联系方式", "怎么联系", "热线", "号码多少", "email", "e-mail")
#: "发出去了吗", "有人回了没" after a ticket: whether it went out or was answered.
#: "怎么样了", "有消息了吗": a bare status question, which once a ticket was opened in
#: the conversation, and no submission is on screen, asks after that ticket.
BARE_STATUS_WORDS = (
    "怎么样了",
    "咋样了",
    "有结果了",
    "有结果没",
    "有消息",
    "有进展",
    "进展如何",
    # "那个事情现在啥进展", "我提的那个问题到哪一步了", "刚才转的那个现在什么情况"
    "啥进展",
    "什么进展",
    "到哪一步",
    "哪一步了",
    "什么情况",
    "啥情况",
    "好了没",
    "好了吗",
    "到哪了",
    "哪能了",
    "any news",
    "any update",
)
TICKET_STATUS_WORDS = (
    "发出去",
    # "刚刚那张单子送出去了伐"
    "送出去",
    "送出了",
    "送过去",
    "出去了",
    # "工作人员什么时候会联系我", "怎么还没人联系我": when the agent's answer comes
    "时候会联系",
    "时候联系",
    "多久联系",
    "多久会联系",
    "会联系我吗",
    "还没人联系",
    "没人联系",
    "还没人回",
    "没人回我",
    "发出了",
    "发过去",
    "发送了",
    "发送成功",
    "发了吗",
    "发了没",
    "寄出",
    "转过去",
    "转出去",
    "收到了吗",
    "收到没",
    "收到了没",
    "回复了",
    "回复没",
    "回了吗",
    "回了没",
    "有回音",
    "有人回",
    "有人看",
    "有人联系",
    "处理了吗",
    "处理了没",
    "处理好了",
    "弄好了",
    "办好了",
    "提交成功",
    "成功了吗",
    "成功了没",
    # "工单啥时候有回复": when the answer comes, which the status tells as far as it can
    "时候有回",
    "时候回",
    "时候能回",
    "多久回",
    "多久能回",
    "多久有回",
    "几时回",
    "幾時回",
    # "ticket status?", "any reply on my ticket?"
    "status",
    "any reply",
    "replied",
    "answered",
    "any update",
    "any news",
)
#: "ticket status?": the ticket named in English.
ENGLISH_TICKET_WORDS = ("ticket", "my case")
#: "我的申报有回复了吗": a submission, not the ticket (unless TICKET_WORD is said too).
NOT_TICKET_WORDS = ("申报", "办件", "申请", "登记", "增员", "减员", "材料", "审核", "受理")
TICKET_WORD = "工单"
#: The ticket named, in its slips too ("我这个公单弄好了伐": gongdan typed by sound).
TICKET_WORDS = (TICKET_WORD, "工單", "公单")
#: "我上次转人工的单子有人回了吗", "昨天找客服留了言": a hand-off of an earlier day or
#: turn, named as such; a status question about it is the ticket's.
PAST_HANDOFF_RE = re.compile(
    r"(上次|上回|之前|先前|前几天|前两天|前天|昨天|刚才|刚刚|早上|上午|下午|上周|那天)"
    r"[^，。？?！!,]{0,4}(?:(转|找|提|留|交|发)[^，。？?！!,]{0,3}(人工|客服|工单|工單|单子|留言)"
    # "刚才那个单子发过去了没有": the ticket named first
    r"|(单子|工单|工單|留言))"
)
#: Words that make a message ticket talk ("客服回我了吗", "转人工成功了吗"); a question
#: read as ticket talk with none of them is about the guide.
TICKET_CUES = (
    "工单",
    "工單",
    "人工",
    "客服",
    "工作人员",
    "投诉",
    "留言",
    "反馈",
    "转接",
    "转给",
    "转过去",
    "请求",
    "回复",
    "回音",
    "回我",
    "人回了",
    "回了吗",
    "回了没",
    "联系我",
    "发出",
    "发过去",
    "hz-",
    "ticket",
    "handoff",
    "reply",
    "replied",
)
#: Words that hold a ticket cue but ask for no one ("个人工资汇总表"): removed first.
NOT_TICKET_CUES = ("个人工",)
#: "我退休了网上办事密码忘记了": the portal named by its name, whose own matters (its
#: password, its opening) are in scope however social the rest of the message sounds.
PORTAL_NAME_WORDS = ("网上办事", "网办")
#: "基数申报被打回来了": what names a submission of the portal's, whatever its matter.
DECLARED_WORDS = ("申报", "报的", "报上去", *PORTAL_NAME_WORDS)
#: "网上办事能查什么": "what can … do" asked of the portal, which the guide describes.
PORTAL_SUBJECT_WORDS = (
    *PORTAL_NAME_WORDS,
    "网站",
    "网上",
    "平台",
    "系统",
    "portal",
    "website",
    "online",
)
#: "你都能做什么": asked of the bot, whatever else it names.
BOT_SUBJECT_WORDS = ("你", "您", "机器人", "助手", "you", "bot")
#: "经办人呢": a question asked by its last particle.
QUESTION_END = "呢"
#: "好的，没什么了": nothing more to ask, though 什么 is said.
NOTHING_MORE = "没什么"
#: "Use the number I write from" (SMS and voice).
USE_OWN_NUMBER = (
    "本机",
    "本机号码",
    "用本机号码",
    "这个号码",
    "就这个号",
    "用这个号码",
    "这个手机号",
    "这个手机",
    "这个号",
    "我这个号",
)
#: How the login page's report starts in the tracker (bot/login): never a question.
SYSTEM_MESSAGE_PREFIX = "（系统消息"

#: Chinese numerals of "第三个" and the like.
ZH_DIGITS = {
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
    "十": 10,
}
#: "最前面那个", "最下面的": the first or the last of the buttons, typed by its place.
BUTTON_PLACE_RE = re.compile(
    r"(?P<first>最前面|最前边|最上面|最上边|头一个)?(?P<last>最后面|最后边|最下面|最下边|最后一?个|最后那)?"
    r"(?:那个|那|一个|个|的|吧|选项)*"
)
#: "最上面那条", "最下面那个": the first or the last of the page of the list shown.
LIST_PLACE_RE = re.compile(
    r"(?P<first>最上面|最上边|最前面|最前边|最顶上|头一个|头一条)"
    r"|(?P<last>最下面|最下边|最后面|最后边|最后一个|最后一条|最后那)"
)
#: "第3条", "第二个": a position in the list shown ("第一只": 吴语's classifier, as 个).
ORDINAL_RE = re.compile(r"第\s*([0-9]{1,2}|[一二两三四五六七八九十])\s*(?:个|条|项|笔|件|只|$)")
#: "说有个身份证号写错了 是哪一条", "我们有个申报被驳回了 是哪个": which of one's own
#: filings it is, asked with the list at hand.
#: ("网站是哪个" asks the address, whoever is logged in)
WHICH_ONE_RE = re.compile(
    r"(?:申报|申请|提交|报的|交的|写错|填错|错了|驳回|退回|没通过|打回)[^？?]*"
    r"(?:是|在)?哪(?:一)?(?:条|个|项|笔|份)(?:啊|呀|呢|来着)?[?？]*$"
)
#: "最新那个", "最早的": the first or the last of the list (newest first).
NEWEST_WORDS = (
    "最新",
    "最近那",
    "最近的那",
    # "最近一条是什么", "最近的一条": the newest, counted as one ("最近几条" are several)
    "最近一条",
    "最近的一条",
    "最近一个",
    "最近的一个",
    "最后提交",
    "刚提交",
    "latest",
    "newest",
    "most recent",
)
OLDEST_WORDS = ("最早", "最老", "最旧", "oldest", "earliest")
#: "the newest one please": the words around "newest" in English, which name nothing.
ENGLISH_PICK_FILLERS_RE = re.compile(
    r"\b(?:the|one|that|this|please|pls|show|me|open|item|submission|application|entry"
    r"|record|my|i|want|see|check)\b",
    re.IGNORECASE,
)
#: "改密码", "密码怎么改": the password changed, named with its verb.
PASSWORD_CHANGE_RE = re.compile(
    r"(?:改|换|修改|更改|重设)(?:一下|下)?(?:登录)?密码|"
    r"密码(?:怎么|如何|咋|在哪|还|能|可以|自己|再){0,4}(?:改|换|修改|更改)"
)
#: "支付宝密码怎么改": a password of another service than the portal's.
OTHER_ACCOUNT_WORDS = (
    "支付宝",
    "微信",
    "银行",
    "淘宝",
    "qq",
    "wifi",
    "社保卡",
    "医保卡",
    "公积金",
    "alipay",
    "wechat",
)
#: "重置完了密码还能自己改吗": the reset done, what comes after it is the user's own change.
#: The reset of a lost password, named.
RESET_NOUN = "重置"
#: "单位密码重置申请单交了一个礼拜了还是登不上", "重置过了还是登不进去": a reset done or
#: asked for, and the login still failing, which the guide never explains.
RESET_NO_LOGIN_RE = re.compile(
    r"(?:重置|重制|申请单)[^。？?]{0,12}?(?:还是|仍然|依然|照样|还)"
    r"(?:登不上|登不进|进不去|登录不了|登陆不了|不能登|登不了)"
)
RESET_DONE_WORDS = ("重置完", "重置好", "重置后", "重置以后", "重置之后", "重置了")
OWN_CHANGE_VERBS = ("改", "换", "change")
#: "她把密码告诉我了 但我想换个新密码": the password known, handed over by whoever left.
KNOWN_PASSWORD_WORDS = (
    "告诉我了",
    "告诉了我",
    "密码给我了",
    "交接给我",
    "交给我了",
    "我知道密码",
    "密码我知道",
    "我有密码",
    "密码我有",
    "留了密码",
    "留了账号密码",
)
#: Answers that send the user to the counter, which "又要跑窗口??" is asked of.
COUNTER_VISIT_TOPICS = frozenset({"password_lost", "documents", "agent_agreement"})
#: "我个人没有市民邮箱，那去哪开", "是不是一定得跑一趟", "伊要开通伐": where, or whether one
#: goes, to open it, asked by one without the mailbox (the counter, the opening's way).
OPEN_WHERE_OR_VISIT_RE = re.compile(
    r"(?:去|到|在)哪(?:里|儿)?开|跑一趟|跑一次|跑窗口|(?:一定|必须)(?:要|得)?(?:去|跑)"
    # "伊要开通伐": whether one without it opens at all
    r"|(?:要|得|需要)(?:去)?开通(?:吗|伐|不|么|嘛|哇)|要不要(?:去)?开通|需不需要(?:去)?开通"
)
#: "又要跑窗口??", "还得跑一趟?": going to the counter, asked again of the answer just given.
COUNTER_VISIT_WORDS = ("窗口", "跑一趟", "跑一次", "跑过去", "去现场", "跑现场", "亲自去", "柜台")
#: "市里和区里的窗口都可以吗": which counters open an account, the opening's answer (市、区
#: 业务经办窗口), not a list of papers again.
COUNTER_CHOICE_WORDS = ("市里", "区里", "市区", "都可以", "都行", "哪些窗口", "哪几个窗口")
#: "就这?", "就这么点?": the answer found too thin, which a person can fill out.
#: "就这一样？", "只要带这些就够了吗": whether the list just given is all, which is that
#: list again (a thin answer, "就这?", asks more than the guide has).
ONLY_THESE_RE = re.compile(
    r"^(?:就|只|只要|只需要?|只用)(?:带)?这(?:一样|几样|两样|三样|些|一个|几个)"
    r"(?:东西|材料|证件)?(?:就(?:够|行|可以)了?)?(?:吗|啊|呀|嘛|么)?[?？]*$"
)
THIN_ANSWER_RE = re.compile(
    r"^\s*(?:就|只有)这(?:么点|么点儿|点|么少|么简单|些|个)?(?:啊|呀|吗|嘛|了)?\s*[?？]+\s*$"
    r"|^\s*(?:就|只有)这(?:么点|么点儿|点|么少|么简单)(?:啊|呀|吗|嘛|了)?\s*[?？!！。]*\s*$"
)
#: "这个网址打不开啊": the portal's site refusing the user, which the guide never explains.
SITE_FAULT_WORDS = (
    "打不开",
    "打勿开",
    "上不去",
    "进不去",
    "无法访问",
    "访问不了",
    "404",
    "502",
    "白屏",
    "崩了",
    "挂了",
    "can't open",
    "cannot open",
    "won't load",
    "not loading",
)
#: "能恢复吗" of a cancelled one: a 注销 is final, and the guide's way is to submit again.
RESTORE_WORDS = ("恢复", "还原", "撤销注销", "取消注销", "找回来", "复原", "undo", "restore")
#: "签啥协议": the agent's agreement, named.
AGREEMENT_WORDS = ("协议", "签字", "签名", "签什么", "签啥")
#: "第六步是什么意思": a step of the guide's seven named.
STEP_NAMED_RE = re.compile(r"第\s*([一二三四五六七1-7])\s*步|步骤\s*([一二三四五六七1-7])")
#: The guide's seven steps, each by the topic that tells it: "第六步说的修改在哪改" is
#: fixing the data; what a step means, asked as such, is the flow.
STEP_TOPICS = {
    1: "login_methods",
    2: "how_to_operate",
    3: "how_to_operate",
    4: "how_to_operate",
    5: "check_progress",
    6: "fix_data",
    7: "contact",
}
#: What a step means, asked as such, where the step has a topic of its own beyond the
#: flow: the sixth (修改、注销后再次提交) is handing in again (every development step
#: asking what it means accepts that).
MEANT_STEP_TOPICS = {6: "resubmit"}
MEANING_WORDS = (
    "什么意思",
    "啥意思",
    "是什么",
    "是啥",
    "说的啥",
    "什么内容",
    "干什么",
    "干嘛",
    "干啥",
    "做什么",
    "做啥",
    "mean",
)
#: "上一个呢", "下一条": the one listed above or below the one on screen.
LISTED_ABOVE_WORDS = (
    "上一个",
    "上一条",
    "上一项",
    "前一个",
    "前一条",
    "上面那个",
    "上面那条",
    "上面一个",
    "上面一条",
    "previous one",
)
LISTED_BELOW_WORDS = (
    "下一个",
    "下一条",
    "下一项",
    "后一个",
    "后一条",
    "下面那个",
    "下面那条",
    "下面一个",
    "下面一条",
    "next one",
)
#: "the second one", "no. 2", "#3": a position in the list, in English.
ENGLISH_ORDINALS = {
    "first": 1,
    "second": 2,
    "third": 3,
    "fourth": 4,
    "fifth": 5,
    "sixth": 6,
    "seventh": 7,
    "eighth": 8,
    "ninth": 9,
    "tenth": 10,
    "last": -1,
}
ENGLISH_ORDINAL_RE = re.compile(
    r"\b(" + "|".join(ENGLISH_ORDINALS) + r")\b|(?:\bno\.?|\bnumber|#)\s*([0-9]{1,2})\b", re.I
)
#: "11月19号", "2026-11-06", "11.23".
DATE_RE = re.compile(r"(?:(\d{4})\s*[年\-/.]\s*)?(\d{1,2})\s*[月\-/.]\s*(\d{1,2})\s*(?:日|号|號)?")
#: "12号那个": a day of the month alone, the month being the list's to tell.
#: The words that make a number a count of people ("2个人", "三名").
PEOPLE_COUNT_UNITS = r"个人|个员工|个职工|名|位|人"
#: "增员12个人的那个", "86条那个": a batch named by its count of records, as the list
#: shows it (｜批量 12 条), and pointed at; "第3条" is a position, not a count.
_COUNT = r"(\d{1,4}|[二三四五六七八九]?十[一二三四五六七八九]?|[一二两三四五六七八九])"
_COUNT_UNIT = rf"\s*(?:{PEOPLE_COUNT_UNITS}|条)(?:职工|员工)?"
RECORD_COUNT_RE = re.compile(
    # pointed at as one of the list: "…的那个", "…那条", "…的呢" after it, or "那个12个人的"
    # before it; "这三个人的基数" and "86个人里就3个不对" speak of people, not of a batch
    rf"(?<![第\d]){_COUNT}{_COUNT_UNIT}(?=的?\s*[那这](?:个|条|笔|项|份|件|一|批)|的呢)"
    rf"|(?:那个|那条|那笔|那项)\s*{_COUNT}{_COUNT_UNIT}"
)
#: What may stand between a part of a name and the batch's size ("增员那4个人的").
COUNT_POINTERS = "那这个的 "
#: "受理编号尾号7415的", "7415那个", "是9342": the end of a 受理编号, said to pick one listed.
#: "不是 忘了": the pause a spoken denial may leave before the word it denies.
PAUSE_MARKS = " ，,"
#: "尾号 九八八四": a number's end read aloud and written down by speech recognition.
SPOKEN_TAIL_RE = re.compile(
    r"(?<=尾号|尾数|末尾|结尾)(?:是|为)?\s*[零〇一二三四五六七八九幺](?:\s*[零〇一二三四五六七八九幺]){2,7}"
)
ACCEPTANCE_TAIL_RE = re.compile(
    # "受理编号是2026102609884": the number dictated without its HZ
    r"(?:受理编号|受理号|编号)(?:是|为)?\s*(\d{13})(?!\d)|"
    r"(?:尾号|尾数|末尾|后四位|后4位|后几位|最后几位|结尾)(?:是|为)?\s*(\d{3,8})(?!\d)"
    r"|(?<![\d月/.\-])(\d{4,8})(?=\s*(?:的|那|这|结尾))"
    # "4729现在啥状态", "4729呢": the end, then how that one stands (never the hotline)
    r"|(?<![\d月/.\-])(?!12333)(\d{4,8})(?=\s*(?:现在|呢|啥|什么|怎么|状态|到哪|审))"
    # "哦打错了，是9342": the end said alone, after a slip of it
    r"|(?:^|[是，,\s])(\d{4,8})\s*[。.!！]?$"
)
# "12个人增员那笔": a batch's size anywhere, trusted only where the rest names the same one
COUNT_SAID_RE = re.compile(rf"(?<![第\d]){_COUNT}{_COUNT_UNIT}")
DAY_ONLY_RE = re.compile(r"(?<![\d月/.\-])(\d{1,2})\s*(?:日|号|號)(?!\d)")
#: "十一月二号", "二零二六年十一月廿三日": a date in words, as speech recognition writes
#: it; the day's 日 or 号 is required, so "十一月份" names no day.
ZH_DATE_RE = re.compile(
    r"(?:(?:\d{4}|[零〇一二三四五六七八九]{4})\s*年\s*)?"
    r"(\d{1,2}|十[一二]?|[一二三四五六七八九])\s*月\s*"
    r"(\d{1,2}|[二三]?十[一二三四五六七八九]?|廿[一二三四五六七八九]?|卅一?|[一二三四五六七八九])"
    r"\s*(?:日|号|號)"
)
#: "增员的", "补贴的呢", "那减员的呢": a short part of a name and 的, the whole message.
BARE_PART_RE = re.compile(r"^(?:那|那么|还有)?([\u4e00-\u9fff]{2,3})的[呢吧啊呀]?[。?？!！]?$")
#: "区里办的那个", "区人社局那个": handled by a district's bureau, whichever district.
DISTRICT_LEVEL_RE = re.compile(r"区里|区上|区人社|区局|区级|区县")
#: How the city's own offices are named, beside the districts' bureaus.
CITY_PREFIX = "杭州市"
#: "只看未审核的", "有哪些没通过的", "only the pending ones": the list narrowed to some.
NARROW_RE = re.compile(
    r"只(?:看|要|显示|列|查|留|把|给我看)|光(?:看|要)|筛|过滤|哪些|哪几[条个]|几[条个](?!人)"
    r"|\bonly\b|which ones|\bjust the\b|\ball (?:the )?(?:pending|rejected|approved|cancelled)"
)
#: "10月份报的那两条", "没通过的那几个": several pointed at at once.
SEVERAL_POINTED_RE = re.compile(r"[两几些][条个](?![月人星礼工天小钟])|那些|这些|\bones\b")
#: "九月底交的那个补贴", "10月份那个": a month with no day, the list's dates to tell which.
MONTH_ONLY_RE = re.compile(
    r"(?<![\d/.\-])(1[0-2]|0?[1-9]|十[一二]?|[一二三四五六七八九])\s*月"
    r"(?:份)?(?:底|初|末|中旬|上旬|下旬)?(?!\s*(?:\d|[一二三四五六七八九十廿卅]))"
)
#: "月初那个已经通过的", "月底交的": a part of a month, no month said: the latest month
#: that has one listed then (the days of each part, first and last).
MONTH_PART_RE = re.compile(r"(?<![\d一二三四五六七八九十份])月(初|头|中|中旬|底|末|尾|上旬|下旬)")
MONTH_PART_DAYS = {
    "初": (1, 10),
    "头": (1, 10),
    "上旬": (1, 10),
    "中": (11, 20),
    "中旬": (11, 20),
    "底": (21, 31),
    "末": (21, 31),
    "尾": (21, 31),
    "下旬": (21, 31),
}
#: "上个月交的那个", "昨天提交的": a time counted back from today, in months or in days;
#: the longer first ("上上个月" holds "上个月").
#: An item of the list named in English ("cancel the unemployment one"): the words of its
#: Chinese name that the English says, added for matching it by name.
ENGLISH_ITEM_WORDS = (
    (re.compile(r"flexible (?:employment|work(?:er)?s?)|gig work"), "灵活就业"),
    (re.compile(r"unemploy\w*"), "失业"),
    (re.compile(r"(?<!un)employment (?:registration|record)|job registration"), "就业登记"),
    (re.compile(r"hiring registration|new hires? registration"), "招用人员就业登记"),
    (re.compile(r"employment (?:and entrepreneurship )?card"), "就业创业证"),
    (re.compile(r"(?:insurance|enrol(?:l)?ment|coverage) (?:certificate|proof)"), "参保证明"),
    (re.compile(r"skills? (?:upgrade |training |improvement )?subsid\w*"), "技能提升补贴"),
    (re.compile(r"(?:contribution|wage|salary) base"), "缴费基数"),
    (re.compile(r"annuit\w*"), "年金"),
    (
        re.compile(r"(?:basic )?info(?:rmation)? change|change of (?:basic )?info\w*"),
        "基本信息变更",
    ),
    (
        re.compile(r"(?:staff|employee|headcount) (?:addition|increase|enrol\w*)|adding staff"),
        "增员",
    ),
    (
        re.compile(r"(?:staff|employee|headcount) (?:reduction|removal|decrease)|removing staff"),
        "减员",
    ),
)
#: The Chinese pointer said with an item's words found in English ("失业那个").
ENGLISH_ITEM_POINTER = "那个"
ENGLISH_ONE_RE = re.compile(r"(?i)\b(?:one|ones)\b")
RELATIVE_MONTHS = (("上上个月", -2), ("上个月", -1), ("上月", -1), ("这个月", 0), ("本月", 0))
RELATIVE_DAYS = (("大前天", -3), ("前天", -2), ("昨天", -1), ("昨日", -1), ("今天", 0), ("今日", 0))
#: Tens written as one character: 廿 (twenty), 卅 (thirty).
ZH_TENS = {"廿": "二十", "卅": "三十"}
#: The numeral between a number's tens and its ones (二十三).
ZH_TEN = "十"
#: "The one from November 23", "23rd of Nov": a date in English, month first or day first.
ENGLISH_MONTHS = {
    m: n
    for n, m in enumerate(
        ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), 1
    )
}
_MONTH = r"(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?"
ENGLISH_DATE_RE = re.compile(
    rf"\b{_MONTH}\s+(\d{{1,2}})(?:st|nd|rd|th)?\b|\b(\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH}",
    re.I,
)

#: "没通过的那个", "还没审核的": a listed submission named by its status (the portal's
#: label, as ``portal_client.SubmissionStatus.label`` gives it). Checked in this order, so
#: "审核没通过" is a rejection before "审核" and "通过" say anything else.
STATUS_WORDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        "审核未通过",
        (
            "没审核通过",
            "未审核通过",
            "未通过",
            "没通过",
            "不通过",
            # Cantonese "not passed"
            "唔通过",
            "唔通過",
            "没有通过",
            "没过",
            "没批",
            "不批",
            "驳回",
            "被拒",
            "拒绝",
            "退回",
            "被退",
            "打回",
            "不合格",
            "未通過",
            "沒通過",
            "駁回",
            "退件",
            # "身份证号码有误的那条呢": the one whose note says what was wrong, pointed at
            # (only a rejected one has a reviewer's note)
            "有误的那",
            "有错的那",
            "有误那",
            "有错那",
            "下限的那",
            "下限那",
            "不清晰的那",
            "不清晰那",
            "不清楚的那",
            "不清楚那",
            # "被reject了", "not approved": said in English
            "reject",
            "not approved",
        ),
    ),
    (
        "已注销",
        (
            "已注销",
            "已经注销",
            "注销了的",
            "注销掉的",
            "撤回了的",
            "作废了的",
            # "作废的那个减员": the voided one, pointed at by its status
            "作废的",
            "已作废",
            "已经作废",
            "已撤回",
            "已经撤回",
            "已撤销",
            "已经撤销",
            # "减员那个是被注销了吗": said of it, passive, is its status, not a 注销 asked
            "被注销",
            "被撤回",
            "被撤销",
            "被作废",
            "cancelled",
        ),
    ),
    (
        "未审核",
        (
            "未审核",
            "没审核",
            "没有审核",
            "还没审",
            "没审",
            # "还没人审的那个", "一直挂着没人理": no one has looked at it yet
            "没人审",
            "没有人审",
            "没人处理",
            "没人理",
            "待审核",
            "审核中",
            "在审核",
            "还在审",
            "等审核",
            "未審核",
            "沒審核",
            "pending",
        ),
    ),
    (
        "审核通过",
        (
            "审核通过",
            "已通过",
            "通过了",
            "通过的",
            "批了",
            "批下来",
            "已审核",
            "审核过",
            "审过",
            "审好",
            "已經通過",
            "審核通過",
            "approved",
        ),
    ),
)

#: Social-security matters the guide never covers (docs/labels.md, out_of_scope_social):
#: "公积金能在网上办事里提取吗" asks about 公积金, not about the portal. The portal's own
#: item names (参保登记, 缴费基数申报, 补贴申领) are left out: they are submissions.
SOCIAL_MATTERS = (
    # "最近有啥社保新政策": the bureau's policies, which the guide never gives
    "社保政策",
    "社保新政",
    "新政策",
    "政策调整",
    "政策变化",
    "政策有变",
    # "落户在哪办": a household registration, no matter of the portal's
    "落户",
    "报户口",
    "迁户口",
    "户口迁",
    "居住证",
    # "护士的职业年金怎么查": one's annuity account, not its base declared on the portal
    "年金怎么查",
    "年金咋查",
    "年金余额",
    "年金账户",
    "年金查询",
    "年金能领",
    "年金有多少",
    # "外卖员能自己交社保吗": paying in, which is the social insurance's, not the portal's
    "交社保",
    "缴社保",
    "买社保",
    "交五险",
    "缴五险",
    # "能帮我查社保交了几年吗": the years paid in, a record the guide's portal never shows here
    "交了几年",
    "缴了几年",
    "交了多少年",
    "缴了多少年",
    "缴费年限",
    "参保年限",
    "公积金",
    "医保",
    "医疗保险",
    "报销",
    "养老金",
    "退休金",
    "退休工资",
    "养老待遇",
    "失业金",
    "失业保险金",
    "社保卡",
    "社会保障卡",
    "市民卡",
    "办退休",
    "退休手续",
    "退休审批",
    "工伤",
    "生育津贴",
    "生育保险",
    "生育金",
    "人才补贴",
    "租房补贴",
    "劳动仲裁",
    "仲裁",
    # a dispute with the employer is the labour inspectorate's, never the portal's
    "拖工资",
    "拖欠工资",
    "欠工资",
    "欠薪",
    "讨薪",
    "工资不给",
    "不发工资",
    "工资没发",
    "劳动纠纷",
    "劳动争议",
    "经济补偿",
    "赔偿金",
    "违法辞退",
    "人事档案",
    "档案",
    "异地就医",
    "社保转移",
    "转移接续",
    "职称",
    # the amounts and rates behind a declaration, which only the policy says
    "基数下限",
    "基数上限",
    "最低基数",
    "最高基数",
    "缴费比例",
    "缴费标准",
    "缴费档次",
    "费率",
    "最低工资",
    "能领多少",
    "provident fund",
    "pension",
    "medical insurance",
    "unemployment benefit",
    # the same said in English or pinyin ("talent subsidy rencai butie how to apply")
    "subsidy",
    "butie",
    "rencai",
    "gongjijin",
    "yanglaojin",
    "yibao",
    "shebaoka",
    "social security card",
    "housing fund",
    "落户",
    "报到证",
)
#: What the portal itself does, which the guide answers whatever matter it is for
#: ("医保卡密码忘了", "失业金申领提交了，审核了没"): with these a social matter is no digression.
PORTAL_MATTER_WORDS = (
    "密码",
    "登录",
    "登陆",
    "用户名",
    "账号",
    "帐号",
    "开通",
    "进度",
    "注销",
    "撤回",
    "撤销",
    "修改",
    "审核",
    "申报",
    "驳回",
    "退回",
    "受理",
    "身份认证",
    "市民邮箱",
    "批量",
    "操作",
    "办事项目",
    "网址",
    "password",
    "log in",
    "login",
)
#: "字太多看不懂": the user could not follow the answer just given (nothing else asked).
LOST_IN_ANSWER_WORDS = (
    "字太多",
    "太多字",
    "太长",
    "看不懂",
    "看不明白",
    "看不太懂",
    "没看懂",
    "没看明白",
    "听不懂",
    "听不明白",
    "没听懂",
    "没听明白",
    "不明白",
    # "还是不懂", "没搞懂": after an answer, the same
    "不懂",
    "没懂",
    "没搞懂",
    "搞不懂",
    "弄不懂",
    "不太明白",
    "还是不会",
    "太复杂",
    "太啰嗦",
    "说简单点",
    "简单点说",
    "讲简单点",
    "说人话",
    "简单说",
    "简单点",
    "说慢",
    "慢点",
    "慢一点",
    "看不过来",
    "眼花",
    # "什么意思 你根本没回答", "答非所问": the answer did not meet the question
    "什么意思",
    "啥意思",
    "没回答",
    "没有回答",
    "答非所问",
    "不是我问的",
    "too long",
    "too complicated",
    "don't understand",
    "dont understand",
)
#: What may stand around those words when nothing else is said ("你说的太复杂了，我看不懂").
LOST_IN_ANSWER_FILLERS = (
    "你您说讲写的得我们啊呀吧了哦嘛呢吗都还是有点儿这那个些真实在太好像根本完全一点也字些很回答"
)
#: "身份证复印件我明明传了": the user insists they did supply something the result says is
#: missing, a dispute of the result (result_wrong), not a question about documents.
INSIST_WORDS = ("明明", "分明", "明明白白")
SUPPLIED_WORDS = (
    "传了",
    "传过",
    "交了",
    "交过",
    "提交了",
    "带了",
    "带过",
    "给了",
    "附了",
    "附上了",
    "补了",
    "补过",
    "填了",
    "报了",
    "上传",
    "齐了",
    "齐全",
    "uploaded",
    "submitted",
)
#: "这结果我不认", "你们审错了", "驳回没道理": the user disputes a review's result, which
#: only a person can look at again (result_wrong), whatever else the message says.
DISPUTE_WORDS = (
    "不服",
    "我不认",
    "你们看错",
    "是不是看错",
    "结果不认",
    "不认可",
    "不认这",
    "审错",
    "审得不对",
    "审的不对",
    "判错",
    "判得不对",
    "判的不对",
    "判得不准",
    "没道理",
    "不合理",
    "不公平",
    "有异议",
    # "谁注销的 我没注销过啊": a status the user never caused, disputed
    "我没注销过",
    "我没有注销过",
    "我没撤过",
    "我没撤销过",
    "我没撤回过",
    "谁注销的",
    "谁撤的",
    "wrongly rejected",
    "you made a mistake",
    "review made a mistake",
    "review was wrong",
    "review is wrong",
)
#: "已经审核通过了，可里面有个信息错了": a slip told of the one named, after its status,
#: which is what may be done with it (its advice), not its details.
SLIP_BESIDE_STATUS_RE = re.compile(r"(?:可|但|但是|可是|不过)[^，,。？?]{0,8}?(?:错了|有误|不对)")
#: "我根本没填错", "身份证号我核对过没错": a slip of one's own denied, which disputes
#: the review that found one (every development step so worded is a dispute).
DENIED_SLIP_RE = re.compile(
    r"(?:没|没有|并没有?|根本没有?)(?:填|写|输|录|打|报)错"
    r"|(?:核对过|核对了|核过|核实过|查过)[^，,。？?]{0,6}?没错"
)
#: A review named, then called wrong in the same clause ("审核意见不对吧", "审核搞错了"):
#: the result disputed, however it is worded. A slip of one's own (DATA_SLIP_WORDS) is not.
REVIEW_WORDS = ("审核", "审批", "驳回", "退回", "打回", "没通过", "不通过", "审的", "审得", "结果")
REVIEW_WRONG_WORDS = ("错", "不对", "有问题", "有误", "不合理", "不靠谱", "乱")
#: "审核通过后发现有误，应如何更正": a slip the user found after the review, in their own
#: data, and no dispute of the review.
FOUND_AFTER_WORDS = (
    "后发现",
    "才发现",
    "后来发现",
    "之后发现",
    "以后发现",
    # "审核通过的数据发现有错": found by the user, not by the review
    "发现有错",
    "发现错了",
    "发现有误",
)
#: "那我该找谁", "密码丢了找谁": whom to ask, a question the guide answers, not a request
#: for a person now.
#: "要是对结果有疑问怎么办": a doubt supposed, not raised; the guide says whom to ask.
SUPPOSING_WORDS = ("如果", "要是", "万一", "假如", "假设", "if ")
DOUBT_WORDS = ("疑问", "异议", "不服", "不认可", "不同意", "有意见", "doubt", "disagree")
WHOM_WORDS = (
    "找谁",
    # 吴语 寻 for 找: "那我该寻谁"
    "寻谁",
    "寻哪个",
    # "那寻啥人": whom, asked as "what person"
    "寻啥人",
    "找啥人",
    "找什么人",
    "问谁",
    "联系谁",
    "找哪个部门",
    "找哪个单位",
    "找哪里",
    # formal: "请问可向何处咨询"
    "何处咨询",
    "向何处",
    "咨询哪里",
    "问哪里",
    "找什么部门",
    "who should",
    "who can i",
    "who do i",
    "whom",
)
#: "那我直接能登录吗" asks whether one can log in (the guide's answer); these words make
#: it a request to log in here, or to see one's own data ("在你这里能登录吗", "能帮我登录吗").
LOGIN_HERE_WORDS = (
    "在你这",
    "你这里",
    "你这儿",
    "你这边",
    "在这",
    "这里",
    "这儿",
    "这边",
    "聊天",
    "对话",
    "帮我",
    "给我",
    "让我",
    "替我",
    "我要",
    "我想",
    "查",
    "看看",
    "看一下",
    "看下",
    "进度",
    "申报",
    "办件",
    "here",
    "for me",
    "my ",
    "check",
)
#: "登上了", "登录好了": the user reports having logged in on the page (the list next).
LOGGED_IN_REPORTS = (
    "登录了",
    "登陆了",
    "登上了",
    "登好了",
    "登进去了",
    "登上去了",
    "登录好了",
    "登录成功",
    "已登录",
    "已经登录",
    "logged in",
)
#: A report of having logged in is short ("好了 登上了"); a longer message says more.
MAX_LOGGED_IN_REPORT_CHARS = 10
#: "登录不上去" read as a logout says no word of leaving: a logout asks for one of these
#: (or 注销/取消 together with 登录: "把登录注销掉").
LOGOUT_WORDS = (
    "退出",
    "登出",
    "退了",
    "退掉",
    "下线",
    "切换账号",
    "换个账号",
    "换账号",
    "换人登录",
    "不登录了",
    "不登了",
    "log out",
    "logout",
    "log me out",
    "log off",
    "sign out",
    "sign me out",
)
#: A log-out ordered in words no other request uses ("退掉" may be a submission's 注销).
LOGOUT_ORDER_WORDS = (
    "登出",
    "退出登录",
    "退出登陆",
    "退出账号",
    "退出帐号",
    "下线",
    "log out",
    "logout",
    "log me out",
    "sign out",
    "sign me out",
)
LOGOUT_PAIRS = (("注销", "取消"), ("登录", "登陆", "登錄"))
#: "我不想在这登录", "登录太麻烦了", "不登录就不能撤吗": the login here refused, so what
#: is asked is how to do it oneself, on the portal, as the guide says.
REFUSES_LOGIN_RE = re.compile(
    r"(?:不想|不愿意?|懒得|不要|不用|不方便|不)(?:在这[儿里]?|在你这[儿里]?|在这边|在聊天里)?(?:登录|登陆|登入)"
    r"|(?:登录|登陆)(?:太|好|真|挺)?(?:麻烦|费劲|复杂)"
    # "不登 我自己网上咋查": 登 alone, not 登记
    r"|(?:不想|不要|不用|不)登(?![录陆入记])"
)
#: "先不登了，对结果有疑问打哪个电话": whom to call or write instead, the contacts.
CALL_INSTEAD_WORDS = ("电话", "邮箱", "联系谁", "找谁", "email", "call", "phone number")
#: What the user then asks to do themselves: a look at progress, or a change or 注销.
SELF_LOOK_WORDS = ("查", "看", "进度", "结果", "check")
#: Verbs of looking at a submission, not of acting on it.
LOOK_VERBS = ("看", "查", "瞧", "check", "show", "see", "view")
#: "先看下尾号6741的详情": the details of one asked for, by name.
DETAIL_WORDS = ("详情", "详细", "具体情况", "detail")
#: "你是人还是程序", "你是不是机器人": whether the assistant is a machine, asked in so
#: many words ("你是个人还是单位" asks the user's type, and holds none of these).
_WHAT_YOU_ARE = (
    r"(?:真人|人工智能|人工客服|人工|机器人|机械人|机器|程序|电脑|自动回复|ai|人(?!社|力))"
)
# 系 / 系唔系 is Cantonese for 是 / 是不是, and 嚟㗎 the particle after it ("你系唔系机械人嚟㗎")
ASKS_IF_BOT_RE = re.compile(
    # "请问是真人在回我消息吗": who is answering, asked without 你
    r"是(?:不是)?(?:真人|人工|机器人|机器|程序)在(?:回复?|答|聊|跟|和|陪)(?:我的?)?(?:消息|信息|话)?|"
    rf"你(?:们|哋)?(?:到底)?(?:是|是不是|系|系唔系){_WHAT_YOU_ARE}(?:还是{_WHAT_YOU_ARE})?"
    r"(?:嚟㗎|嚟嘅|[吗嘛呀啊呢㗎])?"
    r"|\b(?:are you|r u|is this|am i talking to) (?:a )?(?:human|real person|person|bot|robot|machine|ai)"
    r"(?: or (?:a )?(?:human|real person|person|bot|robot|machine|ai))?\b\??"
)
#: Said around that question, it is still the question alone ("在吗？你是人还是程序").
BOT_QUESTION_RESIDUE_CHARS = 4
#: "撤了以后可以重新提交吧", "撤了还能重报吗": what may be done once one is cancelled.
#: "注销以后再重新提交一遍就行了吧": the way out supposed, and asked to be confirmed.
CANCELLED_THEN_RE = re.compile(
    # "撤完重新提交就行了吧": 完 alone says "once done" too
    r"(?:注销|撤销|撤回|撤|作废)(?:[掉完]*(?:了以后|了之后|了后|以后|之后|后|了)|完)"
    r"[^，。,.!！]*?(?:可以|能|还能|会不会|(?:重新|再)[^，。,.!！]*?(?:就行|就好|行不行|是不是|对吧|是吧))"
)
#: "那退出吧": a log-out said as the message's last clause, with nothing but these
#: around it (stripped character by character); "退了" may withdraw a submission.
BARE_LEAVE_ORDERS = ("退出", "退出去")
BARE_LEAVE_PARTICLES = "那就好帮我先吧了啦呀哈嘛"
#: "那我在你这里能登录吗": logging in here, in the chat, whatever the NLU read it as.
IN_THE_CHAT_WORDS = (
    "在你这",
    "你这里",
    "你这儿",
    "你这边",
    "在这里登",
    "在这儿登",
    "在这边登",
    "在这登",
    # "帮我登录 账号…": the bot asked to log the user in
    "帮我登",
    "给我登",
    "替我登",
    "log me in",
    "聊天里",
    "对话里",
    "here",
    "in the chat",
    "with you",
)
LOGIN_VERBS = ("登", "log in", "login", "sign in")
#: "错了 是2": a numbered choice just made, corrected (a menu on SMS or the voice keypad).
CHOICE_CORRECTION_WORDS = (
    # "说错了 是2": the longer words first away, so that no 说 or 打 is left over
    "说错了",
    "打错了",
    "按错了",
    "选错了",
    "点错了",
    "输错了",
    "弄错了",
    "搞错了",
    "错了",
    "不对",
    "按错",
    "选错",
    "点错",
    "输错",
    "打错",
    "弄错",
    "搞错",
    "说错",
    "应该是",
    "应该选",
    "其实是",
    "改成",
    "改选",
    "重选",
    "不是",
)
#: What may stand beside the corrected number ("我按错了，应该选第2个").
CHOICE_FILLERS = "是选第个项条号按点我的了啊呀哦吧嗯要那就其实应该改成重新请刚才"
#: "按错了，应该是1，我是帮公司问的": a clause that only says whom the user asks for,
#: beside a corrected choice, which it explains.
ASKING_FOR_WHOM_RE = re.compile(
    r"^(?:我们|我)?是?(?:帮|替|给|代)?(?:我们|我|本)?"
    r"(?:公司|单位|企业|厂里|店里|学校|医院|卫生院|幼儿园|诊所|街道|社区|机构|协会|事务所|机关|事业单位|个人|自己)"
    r"的?(?:问的|办的|问|办)?[啊呀哦的]?$"
)

# -- for 12333's staff, in the hand-off mail (never shown to the citizen) ----------------

#: Why the bot hands off → the mail's category and the reason the agent reads.
HANDOFF_REASONS: dict[str, tuple[str, str]] = {
    "request_human": ("转人工", "用户要求人工服务"),
    "result_wrong": ("审核结果有异议", "用户认为办理结果有误"),
    "approved_change": ("已审核数据修改", "已审核通过的数据需要修改，只能由业务人员处理"),
    "portal_down": ("系统故障", "网上办事系统无法访问，查询无法完成"),
    "fallback": ("无法解答", "智能助手连续两次未能理解用户的问题"),
    "answer_unclear": ("看不懂答复", "用户看不懂智能助手的答复，需要工作人员讲解"),
    "site_unreachable": ("网站打不开", "用户打不开网上办事网站，《用户指南》未写明原因"),
    "reset_no_login": (
        "重置后仍无法登录",
        "用户已办理或申请密码重置，仍无法登录网上办事，《用户指南》未写明原因",
    ),
    "site_failing": (
        "系统没反应或报错",
        "用户反映网上办事系统操作后没有反应或报错，《用户指南》未写明原因",
    ),
}

#: How a button click reads in the mail's transcript, before the button's title.
CLICKED_BUTTON = "（点击按钮）"

#: The enumeration comma that joins item names inside one response's variable.
LIST_SEPARATOR = "、"
#: Sighs and particles typed around struck keys ("asdkjh啊啊").
MASH_SIGHS = "啊呀哦噢喔嗯哈呃额唉诶吧了"
