"""Multi-turn conversations end to end (issue 12): typed answers to every yes/no and button
question, digressions inside the hand-off form and the confirmations, follow-ups on a
shown submission, log-out, a type said once and remembered, and conversations that
go wrong and recover. REST channel, the real model, action server and portal sandbox.

Expectations are literal fragments of what a user must (or must not) read; nothing is
imported from production. Submissions that a conversation cancels belong to it alone
(demo-nonprofit and demo-mailbox), since the sandbox is shared by the session.
"""

from __future__ import annotations

import secrets
import sqlite3
import uuid
from pathlib import Path

from tests.e2e.test_progress_rest import log_in

#: The REST channel's apology when the bot itself failed.
FAILED = "系统暂时出了点问题"
#: The bot's "I did not understand".
NOT_UNDERSTOOD = "我不太确定您的意思"
TYPE_BUTTONS = ["企业/民办非企业单位", "机关事业单位", "个人"]
UNIT_BUTTONS = ["企业/民办非企业单位", "机关事业单位"]


class Chat:
    """One user's conversation; every reply is checked never to be the apology."""

    def __init__(self, say, *, secret: bool = True) -> None:
        self.say = say
        self.sender = f"conv-{uuid.uuid4().hex[:12]}"
        self.secret = secrets.token_hex(16) if secret else None
        self.last: list[dict] = []

    def __call__(self, message: str) -> str:
        self.last = self.say(self.sender, message, secret=self.secret)
        body = "\n".join(r.get("text", "") for r in self.last)
        assert body.strip(), f"no answer to {message!r}"
        assert FAILED not in body, f"{message!r} got the apology"
        return body

    def buttons(self) -> list[str]:
        return [b["title"] for r in self.last for b in r.get("buttons") or []]

    def log_in(self, username: str) -> str:
        assert self.secret
        self.last = log_in(self.say, self.sender, self.secret, username)
        return "\n".join(r.get("text", "") for r in self.last)


def events_of(db: Path, sender: str) -> int:
    with sqlite3.connect(db) as conn:
        return conn.execute(
            "SELECT COUNT(*) FROM events WHERE sender_id = ?", (f"rest:{sender}",)
        ).fetchone()[0]


# -- the applicant type, said once -------------------------------------------------------


def test_a_type_typed_to_the_buttons_is_remembered_for_the_next_questions(say):
    chat = Chat(say)
    assert "密码重置" in chat("密码忘了怎么办")
    assert chat.buttons() == TYPE_BUTTONS
    assert "个人网上办事密码重置申请单" in chat("个人")
    later = chat("开通网上办事要带什么材料")
    assert "本人身份证原件及复印件" in later and not chat.buttons()
    where = chat("去哪里办")
    assert "受理点" in where and "个人" in where and "工商营业执照" not in where


def test_bring_what_with_no_type_asks_the_type_then_answers_for_it(say):
    chat = Chat(say)
    asked = chat("要带什么东西去")
    assert chat.buttons() == TYPE_BUTTONS, asked
    answer = chat("企业")
    assert "工商营业执照原件及复印件" in answer and "事业单位法人证书" not in answer


def test_a_unit_of_no_stated_kind_is_offered_the_two_unit_types_only(say):
    chat = Chat(say)
    chat("我们单位开通要准备啥")
    assert chat.buttons() == UNIT_BUTTONS
    answer = chat("事业单位")
    assert "《事业单位法人证书》" in answer and "工商营业执照" not in answer


def test_a_type_correction_re_answers_the_last_question(say):
    chat = Chat(say)
    first = chat("我个人开通网上办事要带什么材料")
    assert "个人开通网上办事" in first
    corrected = chat("哦不对，我是单位的，企业")
    assert "工商营业执照原件及复印件" in corrected
    assert NOT_UNDERSTOOD not in corrected


def test_a_document_only_enterprises_hold_answers_without_asking(say):
    chat = Chat(say)
    answer = chat("营业执照要原件吗")
    assert "工商营业执照原件及复印件" in answer
    assert chat.buttons() != TYPE_BUTTONS


# -- erasing the conversation: typed answers and a digression -----------------------------


def test_erase_confirmed_by_typing(say, bot_workdir: Path):
    chat = Chat(say)
    chat("市民邮箱用户要开通吗")
    assert "确认要删除" in chat("删除我的对话记录")
    assert "已删除" in chat("好的")
    assert events_of(bot_workdir / "bot.db", chat.sender) == 0


def test_erase_declined_by_typing(say, bot_workdir: Path):
    chat = Chat(say)
    chat("删除我的对话记录")
    assert "不删除" in chat("不用了")
    assert events_of(bot_workdir / "bot.db", chat.sender) > 0


def test_a_question_inside_the_erase_confirmation_is_answered_then_asked_again(say, bot_workdir):
    chat = Chat(say)
    chat("删除我的对话记录")
    answer = chat("网上办事的网址是什么")
    assert "zjhz.hrss.gov.cn" in answer and "确认要删除" in answer
    assert "已删除" in chat("确认删除")
    assert events_of(bot_workdir / "bot.db", chat.sender) == 0


# -- the hand-off: typed consent, refusals and digressions at every step -------------------


def test_handoff_refused_at_the_description_step_issues_no_ticket(say):
    chat = Chat(say)
    chat("我要转人工")
    assert "联系您" in chat("好的")
    # A question at the contact step is answered, and the contact asked again.
    digression = chat("失业金一个月能领多少")
    assert "12333" in digression and "不在我的服务范围" in digression
    assert "手机号或电子邮箱" in digression and "好像不对" not in digression
    assert "描述" in chat("13800138000")
    left = chat("算了 不用了 我自己去窗口问吧")
    assert "已取消转人工" in left and "工单号" not in left
    assert "还没有转人工的工单" in chat("我的工单发出去了吗")


def test_handoff_refused_at_the_contact_step(say):
    chat = Chat(say)
    chat("转人工")
    chat("可以")
    assert "已取消转人工" in chat("不用了")


def test_handoff_offer_declined_by_typing(say):
    chat = Chat(say)
    chat("我要转人工")
    declined = chat("不用了，谢谢")
    assert "不转人工" in declined and "联系您" not in declined


def test_handoff_with_a_faq_question_at_the_description_step(say):
    chat = Chat(say)
    chat("转人工")
    chat("嗯")
    chat("13800138000")
    digression = chat("网上办事的网址是什么？")
    assert "zjhz.hrss.gov.cn" in digression and "描述" in digression
    # The ticket comes with the description: the form does not ask the applicant type.
    done = chat("我提交的申报被退回了，想找人核实一下原因")
    assert "工单号 HZ-" in done and "138****8000" in done and "哪类身份" not in done


def test_a_bad_contact_then_a_good_one_recovers(say):
    chat = Chat(say)
    chat("我要找人工客服")
    chat("是的")
    assert "好像不对" in chat("abc")
    assert "描述" in chat("someone@example.com")
    assert "已取消转人工" in chat("取消")


# -- conversations that go wrong and recover ---------------------------------------------


def test_a_miss_then_a_suggested_topic(say):
    chat = Chat(say)
    chat("嗯那个怎么说呢")
    payloads = [b["payload"] for r in chat.last for b in r.get("buttons") or []]
    assert payloads
    recovered = chat(payloads[0])
    assert NOT_UNDERSTOOD not in recovered


# -- the portal: follow-ups on a shown submission, typed confirmations, log-out -----------


def test_a_typed_yes_cancels_the_submission_shown(say):
    chat = Chat(say)
    chat.log_in("demo-nonprofit")
    assert "职工参保增员" in chat("HZ2026112105509")
    asked = chat("注销")
    assert "确认要注销「职工参保增员」" in asked
    done = chat("对，注销吧")
    assert "已注销「职工参保增员」" in done and "确认要注销" not in done


def test_a_yes_word_then_a_hesitation_keeps_the_submission(say):
    chat = Chat(say)
    chat.log_in("demo-institution")
    assert "人员参保增员" in chat("HZ2026112408806")
    assert "确认要注销「机关事业单位人员参保增员」" in chat("注销")
    kept = chat("嗯……先不要，我再想想")
    assert "已注销" not in kept and "不注销" in kept
    shown = chat("HZ2026112408806")
    assert "未审核" in shown and "已注销" not in shown


def test_a_typed_no_keeps_it_and_log_out_forgets_the_submission(say):
    chat = Chat(say)
    chat.log_in("demo-nonprofit")
    assert "第 6–" in chat("更多")  # the second page
    assert "单位基本信息变更" in chat("HZ2026100701276")
    chat("帮我把这个注销了")
    kept = chat("不注销")
    assert "不注销" in kept and "已注销" not in kept
    assert "已退出登录" in chat("退出登录")
    after = chat("这个要怎么改")
    assert "HZ2026100701276" not in after and "单位基本信息变更" not in after


def test_a_question_inside_the_cancel_confirmation_is_answered_then_asked_again(say):
    chat = Chat(say)
    chat.log_in("demo-mailbox")
    assert "就业登记" in chat("HZ2026112202961")
    chat("注销这一条")
    digression = chat("注销以后还能重新提交吗")
    assert "再次提交" in digression and "确认要注销「就业登记」" in digression
    assert "已注销「就业登记」" in chat("是的")


def test_how_to_change_this_is_about_the_rejected_submission_on_screen(say):
    chat = Chat(say)
    chat.log_in("demo-person")
    assert "审核未通过" in chat("HZ2026111203951")
    advice = chat("这个要怎么改")
    assert "灵活就业人员参保登记" in advice and "办事进度查询" in advice
    assert "修改密码" not in advice


def test_a_logged_in_user_s_short_progress_question_gets_the_own_list_once(say):
    chat = Chat(say)
    body = chat.log_in("demo-person")
    assert "最近的办事记录" in body and NOT_UNDERSTOOD not in body
    again = chat("看下进度")
    assert "最近的办事记录" in again and "HZ2026112307415" in again
    assert NOT_UNDERSTOOD not in again and "按系统提示操作" not in again


def test_a_unit_asking_its_own_progress_gets_the_login_link(say):
    chat = Chat(say)
    chat("查我们单位办事进度")
    links = [r for r in chat.last if (r.get("custom") or {}).get("type") == "login"]
    assert links, chat.last
