"""`make shell`: chat in the terminal with the running stack over the REST channel.

Rasa's own console can't send the client secret that logins are bound to, so this
small one does; buttons are shown as a numbered menu and a number picks one.
"""

from __future__ import annotations

import asyncio
import secrets
import sys
from typing import Any

import aiohttp

from bot.settings import Settings

#: A turn that takes longer than this is reported as a failure instead of hanging the shell.
TURN_TIMEOUT = 30.0


def show(replies: list[dict[str, Any]]) -> list[dict[str, Any]]:
    buttons: list[dict[str, Any]] = []
    for reply in replies:
        if reply.get("text"):
            print(f"\n助手：{reply['text']}")
        custom = reply.get("custom") or {}
        if custom.get("type") == "login":
            print(f"（登录链接：{custom.get('url')}）")
        for button in reply.get("buttons") or []:
            buttons.append(button)
            print(f"  {len(buttons)}. {button.get('title')}")
    return buttons


async def chat(settings: Settings) -> None:
    url = f"http://127.0.0.1:{settings.bot_port}/webhooks/rest/webhook"
    sender = f"shell-{secrets.token_hex(6)}"
    headers = {"X-Client-Secret": secrets.token_urlsafe(32)}
    print(f"对话对象：{url}（输入 /stop 或按 Ctrl-D 退出；输入数字选择按钮）")
    buttons: list[dict[str, Any]] = []
    timeout = aiohttp.ClientTimeout(total=TURN_TIMEOUT)
    async with aiohttp.ClientSession(timeout=timeout, headers=headers) as session:
        while True:
            try:
                line = await asyncio.to_thread(input, "\n您：")
            except EOFError:
                return
            if line.strip() == "/stop":
                return
            if line.strip().isdigit() and 0 < int(line.strip()) <= len(buttons):
                line = buttons[int(line.strip()) - 1]["payload"]
            try:
                async with session.post(url, json={"sender": sender, "message": line}) as resp:
                    replies = await resp.json()
            except (aiohttp.ClientError, asyncio.TimeoutError) as exc:
                print(f"（连接失败：{exc}。`make run` 启动了吗？）")
                continue
            buttons = show(replies if isinstance(replies, list) else [])


def main() -> int:
    try:
        asyncio.run(chat(Settings.from_env()))
    except KeyboardInterrupt:
        pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
