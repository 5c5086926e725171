"""`make shell`: chat in the terminal with the running stack over the REST channel."""

from __future__ import annotations

import asyncio
import uuid

from bot.settings import Settings


def main() -> None:
    from rasa.core.channels.console import record_messages

    settings = Settings.from_env()
    server = f"http://127.0.0.1:{settings.bot_port}"
    print(f"对话对象：{server}（Ctrl-C 或输入 /stop 退出）")
    asyncio.run(record_messages(sender_id=f"shell-{uuid.uuid4().hex[:8]}", server_url=server))


if __name__ == "__main__":
    main()
