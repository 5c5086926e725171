import pytest

from actions.references import resolve_reference

ITEMS = [
    {"n": 1, "no": "HZ2026112307415", "item": "失业登记", "date": "2026-11-23"},
    {"n": 2, "no": "HZ2026111908263", "item": "个人参保证明打印", "date": "2026-11-19"},
    {"n": 3, "no": "HZ2026111203951", "item": "灵活就业人员参保登记", "date": "2026-11-12"},
    {"n": 4, "no": "HZ2026110605172", "item": "灵活就业人员参保登记", "date": "2026-11-06"},
]


@pytest.mark.parametrize(
    ("text", "n"),
    [
        ("1", 1),
        ("第二个", 2),
        ("看看第3条", 3),
        ("第４个", 4),
        ("hz2026111908263", 2),
        ("受理编号 HZ2026111203951 那条", 3),
        # copied in groups
        ("受里编号hz2026-1123-07415那个", 1),
        ("HZ 2026 1112 03951 撤回", 3),
        ("失业登记那个", 1),
        ("11月19号的", 2),
        ("2026-11-06那条", 4),
        ("11.23", 1),
        # Dates said in words, as speech recognition writes them
        ("十一月十九号的", 2),
        ("二零二六年十一月二十三号那个 注销", 1),
        ("十一月六日那条", 4),
        ("11月十二号", 3),
        ("十一月廿三号", 1),
    ],
)
def test_resolves(text, n):
    assert resolve_reference(text, ITEMS)["n"] == n


@pytest.mark.parametrize(
    "text",
    ["灵活就业人员参保登记", "第9个", "HZ2099010100001", "12月1日", "十二月一号", "随便", ""],
)
def test_ambiguous_or_missing_resolves_to_nothing(text):
    assert resolve_reference(text, ITEMS) is None


@pytest.mark.parametrize(
    ("text", "beside", "n"),
    [
        ("上一个呢", "HZ2026111908263", 1),
        ("下一条", "HZ2026111908263", 3),
        ("next one", "HZ2026111203951", 4),
    ],
)
def test_the_one_above_or_below_the_one_on_screen(text, beside, n):
    assert resolve_reference(text, ITEMS, beside=beside)["n"] == n


@pytest.mark.parametrize(
    ("text", "beside"),
    [("上一个呢", None), ("上一个呢", "HZ2026112307415"), ("下一个", "HZ2026110605172")],
)
def test_nothing_above_the_first_below_the_last_or_with_none_on_screen(text, beside):
    assert resolve_reference(text, ITEMS, beside=beside) is None


def test_no_list_no_reference():
    assert resolve_reference("1", []) is None


STATUSES = [
    {**ITEMS[0], "status": "审核未通过"},
    {**ITEMS[1], "status": "审核通过"},
    {**ITEMS[2], "status": "未审核"},
    {**ITEMS[3], "status": "审核通过"},
]


@pytest.mark.parametrize(
    ("text", "n"),
    [
        ("没通过的那个", 1),
        ("审核没通过的那条", 1),
        ("被驳回的", 1),
        ("没审核通过的那个", 1),
        ("还没审核的那个", 3),
        ("待审核那条", 3),
        ("灵活就业人员参保登记 还没审的那个", 3),
        ("灵活就业人员参保登记 已经通过了的", 4),
        ("The rejected one", 1),
    ],
)
def test_a_status_names_the_one_item_in_it(text, n):
    assert resolve_reference(text, STATUSES)["n"] == n


@pytest.mark.parametrize("text", ["审核通过的那个", "已注销的"])
def test_a_status_shared_by_several_or_none_names_nothing(text):
    assert resolve_reference(text, STATUSES) is None


@pytest.mark.parametrize(
    ("text", "n"),
    [("the first one", 1), ("show me the second", 2), ("no. 3", 3), ("#4", 4), ("the last one", 4)],
)
def test_english_positions(text, n):
    assert resolve_reference(text, ITEMS)["n"] == n


def test_an_acceptance_number_is_read_wherever_it_stands():
    from actions.references import acceptance_number

    assert acceptance_number("注销HZ2026092806617") == "HZ2026092806617"
    assert acceptance_number("hz 2026092806617 那条") == "HZ2026092806617"
    assert acceptance_number("注销第一个") is None


UNIT_ITEMS = [
    {"n": 1, "no": "HZ2026112407211", "item": "职工参保增员", "date": "2026-11-24"},
    {"n": 2, "no": "HZ2026111406741", "item": "社保缴费基数申报", "date": "2026-11-14"},
    {"n": 3, "no": "HZ2026110903318", "item": "单位参保证明打印", "date": "2026-11-09"},
    {"n": 4, "no": "HZ2026110300122", "item": "单位参保登记", "date": "2026-11-03"},
]


@pytest.mark.parametrize(("text", "n"), [("增员那个也撤了吧", 1), ("打印的那个", 3)])
def test_a_short_part_that_points_names_the_one_item_with_it(text, n):
    assert resolve_reference(text, UNIT_ITEMS)["n"] == n


@pytest.mark.parametrize(
    "text",
    [
        "增员要带什么",
        "单位那个",
        "参保那条",
        "这个能撤吗",
        "那个人的呢",
        "单位基本信息变更那个注销掉",
    ],
)
def test_a_short_part_names_nothing_unpointed_or_shared(text):
    assert resolve_reference(text, UNIT_ITEMS) is None


def test_a_position_on_a_later_page_is_its_number_or_its_place_on_that_page():
    page_2 = [
        {"n": 6, "no": "HZ2026101605594", "item": "单位参保登记", "date": "2026-10-16"},
        {"n": 7, "no": "HZ2026100902471", "item": "单位基本信息变更", "date": "2026-10-09"},
    ]
    assert resolve_reference("第7个", page_2)["n"] == 7
    assert resolve_reference("第一个", page_2)["n"] == 6  # the first shown
    assert resolve_reference("第二条", page_2)["n"] == 7
    assert resolve_reference("第三个", page_2) is None
    # on the first page a number past the page names nothing
    assert resolve_reference("第9个", ITEMS) is None


def test_a_date_said_in_english_picks_the_submission_of_that_day():
    from actions.references import named_by, resolve_reference

    items = [
        {
            "no": "HZ1",
            "item": "职业技能提升补贴申领",
            "status": "未审核",
            "date": "2026-09-12",
            "n": 1,
        },
        {"no": "HZ2", "item": "失业登记", "status": "审核通过", "date": "2026-11-23", "n": 2},
    ]
    assert resolve_reference("The one from November 23", items)["no"] == "HZ2"
    assert resolve_reference("the 12th of Sept one", items)["no"] == "HZ1"
    assert named_by("may I see it", items) is None


OFFICES = [
    {**ITEMS[0], "unit": "上城区人力资源和社会保障局", "status": "未审核"},
    {**ITEMS[1], "unit": "杭州市社会保险管理服务中心", "status": "审核通过"},
    {**ITEMS[2], "unit": "拱墅区人力资源和社会保障局", "status": "审核未通过"},
    {**ITEMS[3], "unit": "拱墅区人力资源和社会保障局", "status": "审核通过"},
]


def test_a_district_points_at_the_one_its_office_handles():
    assert resolve_reference("上城区人社局那个", OFFICES)["n"] == 1
    assert resolve_reference("区里办的那个", OFFICES) is None  # several districts: none meant
    # two handled in 拱墅: the status says which, or none is meant
    assert resolve_reference("拱墅那个没通过的", OFFICES)["n"] == 3
    assert resolve_reference("拱墅区那个", OFFICES) is None
    # a district asked about, nothing pointed at
    assert resolve_reference("上城区受理点在哪", OFFICES) is None
