import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from bot.db import create_tables


def test_a_concurrent_create_is_tolerated(tmp_path, monkeypatch):
    metadata = sa.MetaData()
    sa.Table("t", metadata, sa.Column("id", sa.Integer, primary_key=True))
    engine = sa.create_engine(f"sqlite:///{tmp_path / 'x.db'}")
    real = metadata.create_all
    calls = []

    def racing(bind, **kw):
        calls.append(1)
        if len(calls) == 1:
            real(bind)  # the other server won the race ...
            raise IntegrityError("CREATE TABLE t", {}, Exception("pg_type_typname_nsp_index"))
        return real(bind, **kw)

    monkeypatch.setattr(metadata, "create_all", racing)
    create_tables(metadata, engine)
    assert len(calls) == 2
    assert "t" in sa.inspect(engine).get_table_names()
