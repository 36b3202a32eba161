"""The survey rollups and the database triggers that keep them, then a first count of the
answers already there (docs/architecture.md, "Survey and event rollups").

A tally changes in the transaction of every write to a response or an answer, however it is
made (the submit service, bulk_create, COPY, an UPDATE, a deletion and its cascade), so the
results never see a count that disagrees with the rows. Only submitted responses count; an
answer without a value (free text) counts only towards its question's respondents. A count
that comes to zero (or below: a tally emptied by hand, then a deletion) is deleted, so every
row means someone answered. Questions and answers are counted by role and country, and by
college as well. PostgreSQL counts once per statement from its transition tables (a COPY
of 500,000 answers is one grouped upsert per tally); SQLite, the development database, row
by row. The SQL is spelled out here, frozen with the migration; `surveys.rollups` recounts
the same with the ORM.

Also the index the results' latest free-text answers are read through.
"""

from dataclasses import dataclass

import django.db.models.deletion
import django.db.models.functions.comparison
from django.db import NotSupportedError, migrations, models


@dataclass(frozen=True)
class Tally:
    table: str
    key: tuple  # the columns before the respondent group
    group: tuple  # the respondent group's columns
    count: str

    @property
    def columns(self):
        return ", ".join([*self.key, *self.group, self.count])

    @property
    def target(self):
        """The conflict target: the columns and expressions of the tally's unique index."""
        group = [c if c == "role" else f"COALESCE({c}, 0)" for c in self.group]
        return ", ".join([*self.key, *group])


BY_COLLEGE = ("role", "college_id", "country_id")
BY_COUNTRY = ("role", "country_id")
ANSWER_KEY = ("question_id", '"row"', "value")
RESPONDENTS = Tally("surveys_respondenttally", ("survey_id",), BY_COLLEGE, "respondents")
QUESTIONS = [
    Tally("surveys_questiontally", ("question_id",), BY_COUNTRY, "respondents"),
    Tally("surveys_collegequestiontally", ("question_id",), BY_COLLEGE, "respondents"),
]
ANSWERS = [
    Tally("surveys_answertally", ANSWER_KEY, BY_COUNTRY, "answers"),
    Tally("surveys_collegeanswertally", ANSWER_KEY, BY_COLLEGE, "answers"),
]
TALLIES = [RESPONDENTS, *QUESTIONS, *ANSWERS]


def _columns(alias, names):
    return ", ".join(f"{alias}.{name}" for name in names)


# --- PostgreSQL: statement triggers over transition tables ----------------------------------


def _pg_apply(tally, delta):
    """Add `delta` (rows of the tally's key, group and a signed count) to the tally and
    delete the rows it brings to zero. Rows are written in key order, so two transactions
    that touch the same rows lock them in the same order and never deadlock."""
    order = ", ".join(str(i) for i in range(1, len(tally.key) + len(tally.group) + 1))
    return f"""
    WITH delta AS ({delta}),
    saved AS (
        INSERT INTO {tally.table} AS t ({tally.columns})
        SELECT * FROM delta ORDER BY {order}
        ON CONFLICT ({tally.target})
        DO UPDATE SET {tally.count} = t.{tally.count} + EXCLUDED.{tally.count}
        RETURNING t.id, t.{tally.count}
    )
    SELECT array_agg(id) INTO emptied FROM saved WHERE {tally.count} <= 0;
    IF emptied IS NOT NULL THEN
        DELETE FROM {tally.table} WHERE id = ANY(emptied);
    END IF;"""


# A response starts (or stops) counting for a question when its first answer to it comes (or
# its last goes): compare the answers it has now with those before the statement.
_BECAME = (
    "CASE WHEN p.answers_now > 0 THEN 1 ELSE 0 END"
    " - CASE WHEN p.answers_now - p.net > 0 THEN 1 ELSE 0 END"
)


def _pg_answer_changes(changes):
    """Answers inserted (+1) or deleted (-1): their values and the respondents per question."""
    body = ""
    for tally in ANSWERS:
        group = _columns("r", tally.group)
        body += _pg_apply(
            tally,
            f"""
        SELECT {_columns("c", tally.key)}, {group}, SUM(c.sign)
        FROM ({changes}) c JOIN surveys_response r ON r.id = c.response_id
        WHERE r.submitted_at IS NOT NULL AND c.value IS NOT NULL
        GROUP BY {_columns("c", tally.key)}, {group}
        HAVING SUM(c.sign) <> 0""",
        )
    for tally in QUESTIONS:
        group = _columns("r", tally.group)
        body += _pg_apply(
            tally,
            f"""
        SELECT p.question_id, {group}, SUM({_BECAME})
        FROM (
            SELECT c.response_id, c.question_id, SUM(c.sign) AS net, (
                SELECT count(*) FROM surveys_answer a
                WHERE a.response_id = c.response_id AND a.question_id = c.question_id
            ) AS answers_now
            FROM ({changes}) c GROUP BY c.response_id, c.question_id HAVING SUM(c.sign) <> 0
        ) p JOIN surveys_response r ON r.id = p.response_id
        WHERE r.submitted_at IS NOT NULL
        GROUP BY p.question_id, {group}
        HAVING SUM({_BECAME}) <> 0""",
        )
    return body


def _pg_response_changes(changes):
    """Submitted responses counted (+1) or no longer counted (-1) in their group, with their
    answers."""
    group = _columns("c", BY_COLLEGE)
    body = _pg_apply(
        RESPONDENTS,
        f"""
        SELECT c.survey_id, {group}, SUM(c.sign) FROM ({changes}) c
        GROUP BY c.survey_id, {group} HAVING SUM(c.sign) <> 0""",
    )
    for tally in QUESTIONS:
        group = _columns("c", tally.group)
        body += _pg_apply(
            tally,
            f"""
        SELECT a.question_id, {group}, SUM(c.sign)
        FROM ({changes}) c
        CROSS JOIN LATERAL (
            SELECT DISTINCT question_id FROM surveys_answer WHERE response_id = c.id
        ) a
        GROUP BY a.question_id, {group} HAVING SUM(c.sign) <> 0""",
        )
    for tally in ANSWERS:
        group = _columns("c", tally.group)
        body += _pg_apply(
            tally,
            f"""
        SELECT {_columns("a", tally.key)}, {group}, SUM(c.sign)
        FROM ({changes}) c JOIN surveys_answer a ON a.response_id = c.id
        WHERE a.value IS NOT NULL
        GROUP BY {_columns("a", tally.key)}, {group}
        HAVING SUM(c.sign) <> 0""",
        )
    return body


ANSWER = 'response_id, question_id, "row", value'
RESPONSE = "id, survey_id, role, college_id, country_id"
RESPONSE_CHANGED = (
    "o.survey_id IS DISTINCT FROM n.survey_id OR o.role IS DISTINCT FROM n.role"
    " OR o.college_id IS DISTINCT FROM n.college_id"
    " OR o.country_id IS DISTINCT FROM n.country_id"
    " OR (o.submitted_at IS NULL) <> (n.submitted_at IS NULL)"
)
PG_TRIGGERS = {
    # name: (table, event, transition tables, the tally changes)
    "surveys_answers_inserted": (
        "surveys_answer",
        "INSERT",
        "NEW TABLE AS new_answers",
        _pg_answer_changes(f"SELECT {ANSWER}, 1 AS sign FROM new_answers"),
    ),
    "surveys_answers_deleted": (
        "surveys_answer",
        "DELETE",
        "OLD TABLE AS old_answers",
        _pg_answer_changes(f"SELECT {ANSWER}, -1 AS sign FROM old_answers"),
    ),
    # An UPDATE of the text alone (anonymising) nets to no change.
    "surveys_answers_updated": (
        "surveys_answer",
        "UPDATE",
        "OLD TABLE AS old_answers NEW TABLE AS new_answers",
        _pg_answer_changes(
            f"SELECT {ANSWER}, -1 AS sign FROM old_answers"
            f" UNION ALL SELECT {ANSWER}, 1 AS sign FROM new_answers"
        ),
    ),
    "surveys_responses_inserted": (
        "surveys_response",
        "INSERT",
        "NEW TABLE AS new_responses",
        _pg_response_changes(
            f"SELECT {RESPONSE}, 1 AS sign FROM new_responses WHERE submitted_at IS NOT NULL"
        ),
    ),
    "surveys_responses_deleted": (
        "surveys_response",
        "DELETE",
        "OLD TABLE AS old_responses",
        _pg_response_changes(
            f"SELECT {RESPONSE}, -1 AS sign FROM old_responses WHERE submitted_at IS NOT NULL"
        ),
    ),
    "surveys_responses_updated": (
        "surveys_response",
        "UPDATE",
        "OLD TABLE AS old_responses NEW TABLE AS new_responses",
        _pg_response_changes(
            "SELECT o.id, o.survey_id, o.role, o.college_id, o.country_id, -1 AS sign"
            " FROM old_responses o JOIN new_responses n ON n.id = o.id"
            f" WHERE o.submitted_at IS NOT NULL AND ({RESPONSE_CHANGED})"
            " UNION ALL"
            " SELECT n.id, n.survey_id, n.role, n.college_id, n.country_id, 1 AS sign"
            " FROM old_responses o JOIN new_responses n ON n.id = o.id"
            f" WHERE n.submitted_at IS NOT NULL AND ({RESPONSE_CHANGED})"
        ),
    ),
}


def _pg_install():
    statements = []
    for name, (table, event, transitions, body) in PG_TRIGGERS.items():
        statements.append(
            f"CREATE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$\n"
            f"DECLARE emptied bigint[];\nBEGIN{body}\n    RETURN NULL;\nEND;\n$$"
        )
        statements.append(
            f"CREATE TRIGGER {name} AFTER {event} ON {table} REFERENCING {transitions}"
            f" FOR EACH STATEMENT EXECUTE FUNCTION {name}()"
        )
    return statements


def _pg_uninstall():
    return [f"DROP FUNCTION IF EXISTS {name}() CASCADE" for name in PG_TRIGGERS]


# --- SQLite: row triggers -------------------------------------------------------------------


def _sqlite_upsert(tally, select):
    """`select` (with a WHERE clause: SQLite's upsert needs one after a FROM) gives the key,
    the group and the signed count."""
    return (
        f"INSERT INTO {tally.table} ({tally.columns}) {select}"
        f" ON CONFLICT ({tally.target})"
        f" DO UPDATE SET {tally.count} = {tally.count} + excluded.{tally.count};"
    )


def _sqlite_answer(row, sign, *, counts_for_question):
    """The answer `row` (NEW or OLD) counted with `sign`: its value, and its respondent for
    the question when `counts_for_question` holds."""
    submitted = (
        f"FROM surveys_response r WHERE r.id = {row}.response_id AND r.submitted_at IS NOT NULL"
    )
    statements = []
    for tally in ANSWERS:
        statements.append(
            _sqlite_upsert(
                tally,
                f"SELECT {_columns(row, tally.key)}, {_columns('r', tally.group)}, {sign}"
                f" {submitted} AND {row}.value IS NOT NULL",
            )
        )
    for tally in QUESTIONS:
        statements.append(
            _sqlite_upsert(
                tally,
                f"SELECT {row}.question_id, {_columns('r', tally.group)}, {sign} {submitted}"
                f" AND {counts_for_question}",
            )
        )
    if sign < 0:
        for tally in ANSWERS:
            statements.append(
                f"DELETE FROM {tally.table} WHERE answers <= 0"
                f' AND question_id = {row}.question_id AND "row" = {row}."row"'
                f" AND value = {row}.value;"
            )
        for tally in QUESTIONS:
            statements.append(
                f"DELETE FROM {tally.table} WHERE respondents <= 0"
                f" AND question_id = {row}.question_id;"
            )
    return statements


def _sqlite_response(row, sign):
    """The response `row` (NEW or OLD) and its answers counted with `sign`, when submitted."""
    counted = f"{row}.submitted_at IS NOT NULL"
    mine = f"FROM surveys_answer a WHERE a.response_id = {row}.id AND {counted}"
    statements = [
        _sqlite_upsert(
            RESPONDENTS,
            f"SELECT {row}.survey_id, {_columns(row, BY_COLLEGE)}, {sign} WHERE {counted}",
        )
    ]
    for tally in QUESTIONS:
        statements.append(
            _sqlite_upsert(
                tally,
                f"SELECT a.question_id, {_columns(row, tally.group)}, {sign}"
                f" {mine} GROUP BY a.question_id",
            )
        )
    for tally in ANSWERS:
        statements.append(
            _sqlite_upsert(
                tally,
                f"SELECT {_columns('a', tally.key)}, {_columns(row, tally.group)},"
                f" {sign} * count(*) {mine} AND a.value IS NOT NULL"
                f" GROUP BY {_columns('a', tally.key)}",
            )
        )
    if sign < 0:
        touched = f"SELECT question_id FROM surveys_answer WHERE response_id = {row}.id"
        statements.append(
            f"DELETE FROM {RESPONDENTS.table} WHERE respondents <= 0"
            f" AND survey_id = {row}.survey_id;"
        )
        for tally in [*QUESTIONS, *ANSWERS]:
            statements.append(
                f"DELETE FROM {tally.table} WHERE {tally.count} <= 0"
                f" AND question_id IN ({touched});"
            )
    return statements


def _answers_of_pair(row):
    return (
        "(SELECT count(*) FROM surveys_answer x"
        f" WHERE x.response_id = {row}.response_id AND x.question_id = {row}.question_id)"
    )


SQLITE_TRIGGERS = {
    # name: (the event and its table, the statements)
    "surveys_answer_inserted": (
        "AFTER INSERT ON surveys_answer",
        _sqlite_answer("NEW", 1, counts_for_question=f"{_answers_of_pair('NEW')} = 1"),
    ),
    "surveys_answer_deleted": (
        "AFTER DELETE ON surveys_answer",
        _sqlite_answer("OLD", -1, counts_for_question=f"{_answers_of_pair('OLD')} = 0"),
    ),
    # Anonymising rewrites only the text: no count changes, the trigger does not fire.
    "surveys_answer_updated": (
        'AFTER UPDATE OF response_id, question_id, "row", value ON surveys_answer',
        _sqlite_answer("OLD", -1, counts_for_question=f"{_answers_of_pair('OLD')} = 0")
        + _sqlite_answer(
            "NEW",
            1,
            counts_for_question=(
                f"{_answers_of_pair('NEW')} = 1 AND NOT (NEW.response_id = OLD.response_id"
                " AND NEW.question_id = OLD.question_id)"
            ),
        ),
    ),
    "surveys_response_inserted": ("AFTER INSERT ON surveys_response", _sqlite_response("NEW", 1)),
    "surveys_response_deleted": ("AFTER DELETE ON surveys_response", _sqlite_response("OLD", -1)),
    "surveys_response_updated": (
        "AFTER UPDATE OF survey_id, role, college_id, country_id, submitted_at"
        " ON surveys_response WHEN OLD.survey_id IS NOT NEW.survey_id OR OLD.role IS NOT NEW.role"
        " OR OLD.college_id IS NOT NEW.college_id OR OLD.country_id IS NOT NEW.country_id"
        " OR (OLD.submitted_at IS NULL) <> (NEW.submitted_at IS NULL)",
        _sqlite_response("OLD", -1) + _sqlite_response("NEW", 1),
    ),
}


def _sqlite_install():
    return [
        f"CREATE TRIGGER {name} {event} BEGIN\n    " + "\n    ".join(statements) + "\nEND"
        for name, (event, statements) in SQLITE_TRIGGERS.items()
    ]


def _sqlite_uninstall():
    return [f"DROP TRIGGER IF EXISTS {name}" for name in SQLITE_TRIGGERS]


# --- The first count ------------------------------------------------------------------------


def _first_count():
    """Every tally counted from the rows already there."""
    statements = [
        f"""INSERT INTO {RESPONDENTS.table} ({RESPONDENTS.columns})
        SELECT survey_id, {", ".join(BY_COLLEGE)}, count(*) FROM surveys_response
        WHERE submitted_at IS NOT NULL GROUP BY survey_id, {", ".join(BY_COLLEGE)}"""
    ]
    answers = (
        "FROM surveys_answer a JOIN surveys_response r ON r.id = a.response_id"
        " WHERE r.submitted_at IS NOT NULL"
    )
    for tally in QUESTIONS:
        group = _columns("r", tally.group)
        statements.append(
            f"INSERT INTO {tally.table} ({tally.columns})"
            f" SELECT a.question_id, {group}, count(DISTINCT a.response_id) {answers}"
            f" GROUP BY a.question_id, {group}"
        )
    for tally in ANSWERS:
        group = _columns("r", tally.group)
        statements.append(
            f"INSERT INTO {tally.table} ({tally.columns})"
            f" SELECT {_columns('a', tally.key)}, {group}, count(*) {answers}"
            f" AND a.value IS NOT NULL GROUP BY {_columns('a', tally.key)}, {group}"
        )
    return statements


def install(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        statements = _pg_install()
    elif vendor == "sqlite":
        statements = _sqlite_install()
    else:
        # The portal runs on PostgreSQL and SQLite only (docs/architecture.md).
        raise NotSupportedError(f"The survey rollups need PostgreSQL or SQLite, not {vendor}.")
    for statement in [*statements, *_first_count()]:
        schema_editor.execute(statement, params=None)


def uninstall(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    statements = _pg_uninstall() if vendor == "postgresql" else _sqlite_uninstall()
    for statement in statements:
        schema_editor.execute(statement, params=None)
    for tally in TALLIES:
        schema_editor.execute(f"DELETE FROM {tally.table}", params=None)


class Migration(migrations.Migration):

    dependencies = [
        ('colleges', '0004_vte_group_language'),
        ('surveys', '0005_foreign_keys_indexed_by_composite_indexes'),
    ]

    operations = [
        migrations.CreateModel(
            name='AnswerTally',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('role', models.CharField(choices=[('mentor', 'Mentor'), ('teacher_educator', 'Teacher educator'), ('vet_leader', 'VET leader'), ('working_life', 'Working-life representative'), ('coordinator', 'Coordinator'), ('steering', 'Steering group member')], max_length=20)),
                ('row', models.CharField(blank=True, default='', max_length=120)),
                ('value', models.SmallIntegerField()),
                ('answers', models.IntegerField()),
            ],
        ),
        migrations.CreateModel(
            name='CollegeAnswerTally',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('role', models.CharField(choices=[('mentor', 'Mentor'), ('teacher_educator', 'Teacher educator'), ('vet_leader', 'VET leader'), ('working_life', 'Working-life representative'), ('coordinator', 'Coordinator'), ('steering', 'Steering group member')], max_length=20)),
                ('row', models.CharField(blank=True, default='', max_length=120)),
                ('value', models.SmallIntegerField()),
                ('answers', models.IntegerField()),
            ],
        ),
        migrations.CreateModel(
            name='CollegeQuestionTally',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('role', models.CharField(choices=[('mentor', 'Mentor'), ('teacher_educator', 'Teacher educator'), ('vet_leader', 'VET leader'), ('working_life', 'Working-life representative'), ('coordinator', 'Coordinator'), ('steering', 'Steering group member')], max_length=20)),
                ('respondents', models.IntegerField()),
            ],
        ),
        migrations.CreateModel(
            name='QuestionTally',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('role', models.CharField(choices=[('mentor', 'Mentor'), ('teacher_educator', 'Teacher educator'), ('vet_leader', 'VET leader'), ('working_life', 'Working-life representative'), ('coordinator', 'Coordinator'), ('steering', 'Steering group member')], max_length=20)),
                ('respondents', models.IntegerField()),
            ],
        ),
        migrations.CreateModel(
            name='RespondentTally',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('role', models.CharField(choices=[('mentor', 'Mentor'), ('teacher_educator', 'Teacher educator'), ('vet_leader', 'VET leader'), ('working_life', 'Working-life representative'), ('coordinator', 'Coordinator'), ('steering', 'Steering group member')], max_length=20)),
                ('respondents', models.IntegerField()),
            ],
        ),
        migrations.AddIndex(
            model_name='answer',
            index=models.Index(condition=models.Q(('text', ''), _negated=True), fields=['question', 'id'], name='answer_texts'),
        ),
        migrations.AddField(
            model_name='answertally',
            name='country',
            field=models.ForeignKey(db_constraint=False, db_index=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='colleges.country'),
        ),
        migrations.AddField(
            model_name='answertally',
            name='question',
            field=models.ForeignKey(db_constraint=False, db_index=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='surveys.question'),
        ),
        migrations.AddField(
            model_name='collegeanswertally',
            name='college',
            field=models.ForeignKey(db_constraint=False, db_index=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='colleges.partnercollege'),
        ),
        migrations.AddField(
            model_name='collegeanswertally',
            name='country',
            field=models.ForeignKey(db_constraint=False, db_index=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='colleges.country'),
        ),
        migrations.AddField(
            model_name='collegeanswertally',
            name='question',
            field=models.ForeignKey(db_constraint=False, db_index=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='surveys.question'),
        ),
        migrations.AddField(
            model_name='collegequestiontally',
            name='college',
            field=models.ForeignKey(db_constraint=False, db_index=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='colleges.partnercollege'),
        ),
        migrations.AddField(
            model_name='collegequestiontally',
            name='country',
            field=models.ForeignKey(db_constraint=False, db_index=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='colleges.country'),
        ),
        migrations.AddField(
            model_name='collegequestiontally',
            name='question',
            field=models.ForeignKey(db_constraint=False, db_index=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='surveys.question'),
        ),
        migrations.AddField(
            model_name='questiontally',
            name='country',
            field=models.ForeignKey(db_constraint=False, db_index=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='colleges.country'),
        ),
        migrations.AddField(
            model_name='questiontally',
            name='question',
            field=models.ForeignKey(db_constraint=False, db_index=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='surveys.question'),
        ),
        migrations.AddField(
            model_name='respondenttally',
            name='college',
            field=models.ForeignKey(db_constraint=False, db_index=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='colleges.partnercollege'),
        ),
        migrations.AddField(
            model_name='respondenttally',
            name='country',
            field=models.ForeignKey(db_constraint=False, db_index=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='colleges.country'),
        ),
        migrations.AddField(
            model_name='respondenttally',
            name='survey',
            field=models.ForeignKey(db_constraint=False, db_index=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='surveys.survey'),
        ),
        migrations.AddConstraint(
            model_name='answertally',
            constraint=models.UniqueConstraint(models.F('question'), models.F('row'), models.F('value'), models.F('role'), django.db.models.functions.comparison.Coalesce('country', models.Value(0)), name='one_answer_tally_per_group'),
        ),
        migrations.AddIndex(
            model_name='collegeanswertally',
            index=models.Index(fields=['college', 'question'], name='surveys_col_college_8b6320_idx'),
        ),
        migrations.AddConstraint(
            model_name='collegeanswertally',
            constraint=models.UniqueConstraint(models.F('question'), models.F('row'), models.F('value'), models.F('role'), django.db.models.functions.comparison.Coalesce('college', models.Value(0)), django.db.models.functions.comparison.Coalesce('country', models.Value(0)), name='one_college_answer_tally'),
        ),
        migrations.AddIndex(
            model_name='collegequestiontally',
            index=models.Index(fields=['college', 'question'], name='surveys_col_college_4a655c_idx'),
        ),
        migrations.AddConstraint(
            model_name='collegequestiontally',
            constraint=models.UniqueConstraint(models.F('question'), models.F('role'), django.db.models.functions.comparison.Coalesce('college', models.Value(0)), django.db.models.functions.comparison.Coalesce('country', models.Value(0)), name='one_college_question_tally'),
        ),
        migrations.AddConstraint(
            model_name='questiontally',
            constraint=models.UniqueConstraint(models.F('question'), models.F('role'), django.db.models.functions.comparison.Coalesce('country', models.Value(0)), name='one_question_tally_per_group'),
        ),
        migrations.AddConstraint(
            model_name='respondenttally',
            constraint=models.UniqueConstraint(models.F('survey'), models.F('role'), django.db.models.functions.comparison.Coalesce('college', models.Value(0)), django.db.models.functions.comparison.Coalesce('country', models.Value(0)), name='one_respondent_tally_per_group'),
        ),
        migrations.RunPython(install, uninstall),
    ]
