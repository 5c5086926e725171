"""Demo data: the accounts of CONVENTIONS.md, each with submissions in every status.

Loading is idempotent: an account, business unit or submission that already exists
(by username, name or acceptance number) is left as it is, so a password changed in
the sandbox survives a restart. The names of units and people are made up; the phone
numbers are fictional sandbox values.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from portal_sandbox import security
from portal_sandbox.models import Account, BusinessUnit, Submission
from portal_sandbox.service import BEIJING, to_db

DEMO_PASSWORD = "Demo-2026"

BUSINESS_UNITS: dict[str, str] = {
    "杭州市社会保险管理服务中心": "0571-87250000",
    "杭州市就业管理服务中心": "0571-87250100",
    "杭州市机关事业单位社会保险管理服务中心": "0571-87250200",
    "上城区人力资源和社会保障局": "0571-87250300",
    "西湖区人力资源和社会保障局": "0571-87250400",
    "拱墅区人力资源和社会保障局": "0571-87250500",
    "滨江区人力资源和社会保障局": "0571-87250600",
}


@dataclass(frozen=True)
class DemoAccount:
    username: str
    kind: str
    display_name: str
    unit_name: str | None = None
    citizen_mailbox: bool = False


@dataclass(frozen=True)
class DemoSubmission:
    username: str
    acceptance_no: str
    item: str
    category: str
    status: str
    submitted: str  # Beijing time, "YYYY-MM-DD HH:MM"
    unit: str
    record_count: int | None = None
    reviewer_note: str | None = None
    reviewed: str | None = None
    cancelled: str | None = None


DEMO_ACCOUNTS: tuple[DemoAccount, ...] = (
    DemoAccount("demo-person", "individual", "王小明"),
    DemoAccount("demo-company", "enterprise", "陈静", "杭州西溪数联科技有限公司"),
    DemoAccount("demo-institution", "institution", "赵磊", "杭州市城西文化艺术服务中心"),
    DemoAccount("demo-nonprofit", "private_non_enterprise", "孙悦", "杭州启明青少年成长服务中心"),
    DemoAccount("demo-mailbox", "individual", "李婷", citizen_mailbox=True),
)

_S = DemoSubmission
DEMO_SUBMISSIONS: tuple[DemoSubmission, ...] = (
    # 个人 demo-person
    _S("demo-person", "HZ2026112307415", "失业登记", "declaration", "pending",
       "2026-11-23 10:12", "西湖区人力资源和社会保障局"),
    _S("demo-person", "HZ2026111908263", "个人参保证明打印", "query", "approved",
       "2026-11-19 15:40", "杭州市社会保险管理服务中心", reviewed="2026-11-19 15:40"),
    _S("demo-person", "HZ2026111203951", "灵活就业人员参保登记", "declaration", "rejected",
       "2026-11-12 09:05", "上城区人力资源和社会保障局",
       reviewer_note="上传的身份证复印件不清晰，请重新上传清晰的身份证正反面复印件后再次提交。",
       reviewed="2026-11-13 14:20"),
    _S("demo-person", "HZ2026110605172", "灵活就业人员参保登记", "declaration", "cancelled",
       "2026-11-06 20:31", "上城区人力资源和社会保障局", cancelled="2026-11-07 08:02"),
    _S("demo-person", "HZ2026102609884", "就业创业证申领", "declaration", "approved",
       "2026-10-26 11:47", "西湖区人力资源和社会保障局", reviewed="2026-10-28 09:30"),
    _S("demo-person", "HZ2026101402336", "个人社保缴费记录查询", "query", "approved",
       "2026-10-14 19:03", "杭州市社会保险管理服务中心", reviewed="2026-10-14 19:03"),
    _S("demo-person", "HZ2026092806617", "职业技能提升补贴申领", "declaration", "pending",
       "2026-09-28 16:25", "杭州市就业管理服务中心"),
    # 企业 demo-company
    _S("demo-company", "HZ2026112509342", "职工参保增员", "declaration", "pending",
       "2026-11-25 09:18", "杭州市社会保险管理服务中心", record_count=12),
    _S("demo-company", "HZ2026112006158", "单位参保证明打印", "query", "approved",
       "2026-11-20 14:02", "杭州市社会保险管理服务中心", reviewed="2026-11-20 14:02"),
    _S("demo-company", "HZ2026111704729", "社保缴费基数申报", "declaration", "rejected",
       "2026-11-17 10:40", "杭州市社会保险管理服务中心", record_count=86,
       reviewer_note="其中3名职工的申报基数低于本年度缴费基数下限，请核实工资数据并修改后再次提交。",
       reviewed="2026-11-18 16:05"),
    _S("demo-company", "HZ2026111001847", "职工参保减员", "declaration", "approved",
       "2026-11-10 08:55", "滨江区人力资源和社会保障局", record_count=3,
       reviewed="2026-11-11 10:12"),
    _S("demo-company", "HZ2026110308123", "招用人员就业登记", "declaration", "cancelled",
       "2026-11-03 13:36", "滨江区人力资源和社会保障局", record_count=5,
       cancelled="2026-11-03 17:50"),
    _S("demo-company", "HZ2026101605594", "单位参保登记", "declaration", "approved",
       "2026-10-16 09:20", "滨江区人力资源和社会保障局", reviewed="2026-10-17 15:45"),
    _S("demo-company", "HZ2026100902471", "单位基本信息变更", "declaration", "pending",
       "2026-10-09 11:11", "滨江区人力资源和社会保障局"),
    # 机关事业单位 demo-institution
    _S("demo-institution", "HZ2026112408806", "机关事业单位人员参保增员", "declaration",
       "pending", "2026-11-24 10:30", "杭州市机关事业单位社会保险管理服务中心",
       record_count=4),
    _S("demo-institution", "HZ2026111803265", "职业年金缴费基数申报", "declaration",
       "rejected", "2026-11-18 15:12", "杭州市机关事业单位社会保险管理服务中心",
       record_count=37,
       reviewer_note="附件缺少单位盖章的工资汇总表，请补充上传后再次提交。",
       reviewed="2026-11-19 11:00"),
    _S("demo-institution", "HZ2026110907731", "单位参保证明打印", "query", "approved",
       "2026-11-09 09:48", "杭州市机关事业单位社会保险管理服务中心",
       reviewed="2026-11-09 09:48"),
    _S("demo-institution", "HZ2026110204418", "机关事业单位人员参保减员", "declaration",
       "cancelled", "2026-11-02 14:27", "杭州市机关事业单位社会保险管理服务中心",
       record_count=2, cancelled="2026-11-02 16:03"),
    _S("demo-institution", "HZ2026102109052", "机关事业单位养老保险参保登记", "declaration",
       "approved", "2026-10-21 10:05", "杭州市机关事业单位社会保险管理服务中心",
       reviewed="2026-10-23 09:15"),
    _S("demo-institution", "HZ2026100806390", "单位基本信息变更", "declaration", "approved",
       "2026-10-08 16:40", "拱墅区人力资源和社会保障局", reviewed="2026-10-10 10:22"),
    # 民办非企业 demo-nonprofit
    _S("demo-nonprofit", "HZ2026112105509", "职工参保增员", "declaration", "pending",
       "2026-11-21 09:02", "拱墅区人力资源和社会保障局", record_count=2),
    _S("demo-nonprofit", "HZ2026111406741", "社保缴费基数申报", "declaration", "rejected",
       "2026-11-14 10:26", "拱墅区人力资源和社会保障局", record_count=15,
       reviewer_note="申报表中1名职工的身份证号码有误，请核对后修改再提交。",
       reviewed="2026-11-16 09:40"),
    _S("demo-nonprofit", "HZ2026110508027", "单位参保证明打印", "query", "approved",
       "2026-11-05 15:55", "杭州市社会保险管理服务中心", reviewed="2026-11-05 15:55"),
    _S("demo-nonprofit", "HZ2026103003384", "招用人员就业登记", "declaration", "cancelled",
       "2026-10-30 11:19", "拱墅区人力资源和社会保障局", record_count=1,
       cancelled="2026-10-30 15:07"),
    _S("demo-nonprofit", "HZ2026101909615", "单位参保登记", "declaration", "approved",
       "2026-10-19 09:33", "拱墅区人力资源和社会保障局", reviewed="2026-10-20 14:10"),
    _S("demo-nonprofit", "HZ2026100701276", "单位基本信息变更", "declaration", "pending",
       "2026-10-07 17:45", "拱墅区人力资源和社会保障局"),
    # 个人 (市民邮箱) demo-mailbox
    _S("demo-mailbox", "HZ2026112202961", "就业登记", "declaration", "pending",
       "2026-11-22 21:14", "上城区人力资源和社会保障局"),
    _S("demo-mailbox", "HZ2026111508370", "个人参保证明打印", "query", "approved",
       "2026-11-15 12:08", "杭州市社会保险管理服务中心", reviewed="2026-11-15 12:08"),
    _S("demo-mailbox", "HZ2026110104853", "失业登记", "declaration", "approved",
       "2026-11-01 10:50", "上城区人力资源和社会保障局", reviewed="2026-11-03 09:05"),
)  # fmt: skip


def _when(text: str | None) -> datetime | None:
    if text is None:
        return None
    local = datetime.strptime(text, "%Y-%m-%d %H:%M").replace(tzinfo=BEIJING)
    return to_db(local)


def seed_demo_data(session_factory: sessionmaker, *, now: datetime | None = None) -> int:
    """Insert whatever demo rows are missing; return how many rows were added."""
    created_at = to_db(now or datetime.now(timezone.utc))
    added = 0
    with session_factory() as db, db.begin():
        units = _ensure_units(db)
        accounts: dict[str, Account] = {}
        for demo in DEMO_ACCOUNTS:
            account = db.execute(
                select(Account).where(Account.username == demo.username)
            ).scalar_one_or_none()
            if account is None:
                account = Account(
                    username=demo.username,
                    password_hash=security.hash_password(DEMO_PASSWORD),
                    kind=demo.kind,
                    display_name=demo.display_name,
                    unit_name=demo.unit_name,
                    citizen_mailbox=demo.citizen_mailbox,
                    failed_logins=0,
                    created_at=created_at,
                )
                db.add(account)
                added += 1
            accounts[demo.username] = account
        db.flush()
        existing = set(
            db.execute(
                select(Submission.acceptance_no).where(
                    Submission.acceptance_no.in_([s.acceptance_no for s in DEMO_SUBMISSIONS])
                )
            ).scalars()
        )
        for demo_sub in DEMO_SUBMISSIONS:
            if demo_sub.acceptance_no in existing:
                continue
            db.add(
                Submission(
                    acceptance_no=demo_sub.acceptance_no,
                    account_id=accounts[demo_sub.username].id,
                    item=demo_sub.item,
                    category=demo_sub.category,
                    status=demo_sub.status,
                    submitted_at=_when(demo_sub.submitted),
                    reviewer_note=demo_sub.reviewer_note,
                    reviewed_at=_when(demo_sub.reviewed),
                    cancelled_at=_when(demo_sub.cancelled),
                    business_unit_id=units[demo_sub.unit].id,
                    record_count=demo_sub.record_count,
                )
            )
            added += 1
    return added


def restore_demo_submissions(session_factory: sessionmaker) -> int:
    """Put the demo submissions back as seeded (status, review, cancel); return how many moved.

    A demo that cancels or reviews a submission changes it for every later demo; this
    gives the next one the seeded state without touching accounts or passwords.
    """
    by_no = {demo.acceptance_no: demo for demo in DEMO_SUBMISSIONS}
    restored = 0
    with session_factory() as db, db.begin():
        for row in db.execute(
            select(Submission).where(Submission.acceptance_no.in_(list(by_no)))
        ).scalars():
            demo = by_no[row.acceptance_no]
            seeded = (
                demo.status,
                demo.reviewer_note,
                _when(demo.reviewed),
                _when(demo.cancelled),
            )
            if (row.status, row.reviewer_note, row.reviewed_at, row.cancelled_at) != seeded:
                row.status, row.reviewer_note, row.reviewed_at, row.cancelled_at = seeded
                restored += 1
    return restored


def _ensure_units(db: Session) -> dict[str, BusinessUnit]:
    units = {u.name: u for u in db.execute(select(BusinessUnit)).scalars()}
    for name, phone in BUSINESS_UNITS.items():
        if name not in units:
            units[name] = BusinessUnit(name=name, phone=phone)
            db.add(units[name])
    db.flush()
    return units
