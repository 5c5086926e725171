import pytest

from bot.privacy import MASK, mask_secrets


@pytest.mark.parametrize(
    "text",
    [
        "密码是Demo-2026",
        "我的密码：abc12345",
        "密码 Demo-2026 帮我登录一下",
        "用户名demo-person 密码Demo-2026",
        "账号 demo-company，密码是 Secret!99",
        "Demo-2026",
        "hunter2abc",
        "my password is Hunter-22",
        "password: s3cret!",
        "密碼為Abc123456",
    ],
)
def test_secrets_are_masked(text):
    masked = mask_secrets(text)
    assert masked.found_secret
    for secret in (
        "Demo-2026",
        "abc12345",
        "Secret!99",
        "hunter2abc",
        "Hunter-22",
        "s3cret!",
        "Abc123456",
    ):
        assert secret not in masked.text
    assert MASK in masked.text


@pytest.mark.parametrize(
    "text",
    [
        "密码忘了怎么办",
        "密码 忘了怎么办",
        "密码是什么格式的",
        "I forgot my password, is there a way to reset it",
        "password is forgotten",
        "13800138000",
        "+86 138 0013 8000",
        "someone@example.com",
        "HZ2026110300123",
        "HZ-20261126-ABC123",
        '/choose_topic{"topic": "flow"}',
        "http://www.zjhz.hrss.gov.cn",
        "12333",
        "hello",
        "",
    ],
)
def test_ordinary_messages_pass_unchanged(text):
    masked = mask_secrets(text)
    assert not masked.found_secret
    assert masked.text == text
