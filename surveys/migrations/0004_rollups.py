"""The survey rollups and the database triggers that keep them, then a first count of the
answers already there (docs/architecture.md, "Survey and event rollups").

A tally changes in the transaction of every write to a response or an answer, however it is
made (the submit service, bulk_create, COPY, an UPDATE, a deletion and its cascade), so the
results never see a count that disagrees with the rows. Only submitted responses count; an
answer without a value (free text) counts only towards its question's respondents. A count
that comes to zero (or below: a tally emptied by hand, then a deletion) is deleted, so every
row means someone answered. PostgreSQL counts once per statement from its transition tables
(a COPY of 500,000 answers is one grouped upsert); SQLite, the development database, row by
row. The SQL is spelled out here, frozen with the migration; `surveys.rollups` recomputes
the same counts with the ORM.
"""

import django.db.models.deletion
import django.db.models.functions.comparison
from django.db import migrations, models


GROUP = ("role", "college_id", "country_id")
# table: (its key before the respondent group, the count column)
TALLIES = {
    "respondents": ("surveys_respondenttally", ("survey_id",), "respondents"),
    "questions": ("surveys_questiontally", ("question_id",), "respondents"),
    "answers": ("surveys_answertally", ("question_id", '"row"', "value"), "answers"),
}


def _target(keys):
    """The conflict target: the columns and expressions of the tally's unique index."""
    return ", ".join([*keys, "role", "COALESCE(college_id, 0)", "COALESCE(country_id, 0)"])


# --- PostgreSQL: statement triggers over transition tables ----------------------------------


def _pg_apply(tally, delta):
    """Add `delta` (rows of the tally's key, group and a signed count `n`) to the tally and
    delete the rows it brings to zero. Rows are written in key order, so two transactions
    that touch the same rows lock them in the same order and never deadlock."""
    table, keys, count = TALLIES[tally]
    columns = ", ".join([*keys, *GROUP, count])
    order = ", ".join(str(i) for i in range(1, len(keys) + len(GROUP) + 1))
    return f"""
    WITH delta AS ({delta}),
    saved AS (
        INSERT INTO {table} AS t ({columns})
        SELECT * FROM delta ORDER BY {order}
        ON CONFLICT ({_target(keys)}) DO UPDATE SET {count} = t.{count} + EXCLUDED.{count}
        RETURNING t.id, t.{count}
    )
    SELECT array_agg(id) INTO emptied FROM saved WHERE {count} <= 0;
    IF emptied IS NOT NULL THEN
        DELETE FROM {table} WHERE id = ANY(emptied);
    END IF;"""


def _pg_answer_changes(changes):
    """Answers inserted (+1) or deleted (-1): their values and the respondents per question."""
    answers = f"""
        SELECT c.question_id, c."row", c.value, r.role, r.college_id, r.country_id, SUM(c.sign)
        FROM ({changes}) c JOIN surveys_response r ON r.id = c.response_id
        WHERE r.submitted_at IS NOT NULL AND c.value IS NOT NULL
        GROUP BY c.question_id, c."row", c.value, r.role, r.college_id, r.country_id
        HAVING SUM(c.sign) <> 0"""
    # A response starts (or stops) counting for a question when its first answer to it
    # comes (or its last goes): compare the answers it has now with those before the statement.
    became = "CASE WHEN p.answers_now > 0 THEN 1 ELSE 0 END - CASE WHEN p.answers_now - p.net > 0 THEN 1 ELSE 0 END"
    questions = f"""
        SELECT p.question_id, r.role, r.college_id, r.country_id, SUM({became})
        FROM (
            SELECT c.response_id, c.question_id, SUM(c.sign) AS net, (
                SELECT count(*) FROM surveys_answer a
                WHERE a.response_id = c.response_id AND a.question_id = c.question_id
            ) AS answers_now
            FROM ({changes}) c GROUP BY c.response_id, c.question_id HAVING SUM(c.sign) <> 0
        ) p JOIN surveys_response r ON r.id = p.response_id
        WHERE r.submitted_at IS NOT NULL
        GROUP BY p.question_id, r.role, r.college_id, r.country_id
        HAVING SUM({became}) <> 0"""
    return _pg_apply("answers", answers) + _pg_apply("questions", questions)


def _pg_response_changes(changes):
    """Submitted responses counted (+1) or no longer counted (-1) in their group, with their
    answers."""
    respondents = f"""
        SELECT c.survey_id, c.role, c.college_id, c.country_id, SUM(c.sign)
        FROM ({changes}) c
        GROUP BY c.survey_id, c.role, c.college_id, c.country_id HAVING SUM(c.sign) <> 0"""
    questions = f"""
        SELECT a.question_id, c.role, c.college_id, c.country_id, SUM(c.sign)
        FROM ({changes}) c
        CROSS JOIN LATERAL (
            SELECT DISTINCT question_id FROM surveys_answer WHERE response_id = c.id
        ) a
        GROUP BY a.question_id, c.role, c.college_id, c.country_id HAVING SUM(c.sign) <> 0"""
    answers = f"""
        SELECT a.question_id, a."row", a.value, c.role, c.college_id, c.country_id, SUM(c.sign)
        FROM ({changes}) c JOIN surveys_answer a ON a.response_id = c.id
        WHERE a.value IS NOT NULL
        GROUP BY a.question_id, a."row", a.value, c.role, c.college_id, c.country_id
        HAVING SUM(c.sign) <> 0"""
    return (
        _pg_apply("respondents", respondents)
        + _pg_apply("questions", questions)
        + _pg_apply("answers", answers)
    )


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
    table, keys, count = TALLIES[tally]
    columns = ", ".join([*keys, *GROUP, count])
    return (
        f"INSERT INTO {table} ({columns}) {select}"
        f" ON CONFLICT ({_target(keys)}) DO UPDATE SET {count} = {count} + excluded.{count};"
    )


def _sqlite_answer(row, sign, *, counts_for_question):
    """The answer `row` (NEW or OLD) counted with `sign`: its value, and its respondent for
    the question when `counts_for_question` holds."""
    submitted = f"FROM surveys_response r WHERE r.id = {row}.response_id AND r.submitted_at IS NOT NULL"
    statements = [
        _sqlite_upsert(
            "answers",
            f'SELECT {row}.question_id, {row}."row", {row}.value, r.role, r.college_id,'
            f" r.country_id, {sign} {submitted} AND {row}.value IS NOT NULL",
        ),
        _sqlite_upsert(
            "questions",
            f"SELECT {row}.question_id, r.role, r.college_id, r.country_id, {sign} {submitted}"
            f" AND {counts_for_question}",
        ),
    ]
    if sign < 0:
        statements += [
            f"DELETE FROM surveys_answertally WHERE answers <= 0 AND question_id = {row}.question_id"
            f' AND "row" = {row}."row" AND value = {row}.value;',
            "DELETE FROM surveys_questiontally WHERE respondents <= 0"
            f" AND question_id = {row}.question_id;",
        ]
    return statements


def _sqlite_response(row, sign):
    """The response `row` (NEW or OLD) and its answers counted with `sign`, when submitted."""
    counted = f"{row}.submitted_at IS NOT NULL"
    mine = f"FROM surveys_answer a WHERE a.response_id = {row}.id AND {counted}"
    statements = [
        _sqlite_upsert(
            "respondents",
            f"SELECT {row}.survey_id, {row}.role, {row}.college_id, {row}.country_id, {sign}"
            f" WHERE {counted}",
        ),
        _sqlite_upsert(
            "questions",
            f"SELECT a.question_id, {row}.role, {row}.college_id, {row}.country_id, {sign}"
            f" {mine} GROUP BY a.question_id",
        ),
        _sqlite_upsert(
            "answers",
            f'SELECT a.question_id, a."row", a.value, {row}.role, {row}.college_id,'
            f" {row}.country_id, {sign} * count(*) {mine} AND a.value IS NOT NULL"
            f' GROUP BY a.question_id, a."row", a.value',
        ),
    ]
    if sign < 0:
        touched = f"SELECT question_id FROM surveys_answer WHERE response_id = {row}.id"
        statements += [
            "DELETE FROM surveys_respondenttally WHERE respondents <= 0"
            f" AND survey_id = {row}.survey_id;",
            f"DELETE FROM surveys_questiontally WHERE respondents <= 0 AND question_id IN ({touched});",
            f"DELETE FROM surveys_answertally WHERE answers <= 0 AND question_id IN ({touched});",
        ]
    return statements


def _same_pair(a, b):
    return f"{a}.response_id = {b}.response_id AND {a}.question_id = {b}.question_id"


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
                f"{_answers_of_pair('NEW')} = 1 AND NOT ({_same_pair('NEW', 'OLD')})"
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

FIRST_COUNT = [
    """INSERT INTO surveys_respondenttally (survey_id, role, college_id, country_id, respondents)
    SELECT survey_id, role, college_id, country_id, count(*) FROM surveys_response
    WHERE submitted_at IS NOT NULL GROUP BY survey_id, role, college_id, country_id""",
    """INSERT INTO surveys_questiontally (question_id, role, college_id, country_id, respondents)
    SELECT a.question_id, r.role, r.college_id, r.country_id, count(DISTINCT a.response_id)
    FROM surveys_answer a JOIN surveys_response r ON r.id = a.response_id
    WHERE r.submitted_at IS NOT NULL
    GROUP BY a.question_id, r.role, r.college_id, r.country_id""",
    """INSERT INTO surveys_answertally
        (question_id, "row", value, role, college_id, country_id, answers)
    SELECT a.question_id, a."row", a.value, r.role, r.college_id, r.country_id, count(*)
    FROM surveys_answer a JOIN surveys_response r ON r.id = a.response_id
    WHERE r.submitted_at IS NOT NULL AND a.value IS NOT NULL
    GROUP BY a.question_id, a."row", a.value, r.role, r.college_id, r.country_id""",
]


def install(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        statements = _pg_install()
    elif vendor == "sqlite":
        statements = _sqlite_install()
    else:
        raise NotImplementedError(f"The survey rollups have no triggers for {vendor}.")
    for statement in [*statements, *FIRST_COUNT]:
        schema_editor.execute(statement, params=None)


def uninstall(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    statements = _pg_uninstall() if vendor == "postgresql" else _sqlite_uninstall()
    for statement in statements:
        schema_editor.execute(statement, params=None)
    for table, _keys, _count in TALLIES.values():
        schema_editor.execute(f"DELETE FROM {table}", params=None)


class Migration(migrations.Migration):

    dependencies = [
        ('colleges', '0004_vte_group_language'),
        ('surveys', '0003_benchmark_survey'),
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
                ('college', models.ForeignKey(db_constraint=False, db_index=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='colleges.partnercollege')),
                ('country', models.ForeignKey(db_constraint=False, db_index=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='colleges.country')),
                ('question', models.ForeignKey(db_constraint=False, db_index=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='surveys.question')),
            ],
            options={
                'constraints': [models.UniqueConstraint(models.F('question'), models.F('row'), models.F('value'), models.F('role'), django.db.models.functions.comparison.Coalesce('college', models.Value(0)), django.db.models.functions.comparison.Coalesce('country', models.Value(0)), name='one_answer_tally_per_group')],
            },
        ),
        migrations.CreateModel(
            name='QuestionTally',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('role', models.CharField(choices=[('mentor', 'Mentor'), ('teacher_educator', 'Teacher educator'), ('vet_leader', 'VET leader'), ('working_life', 'Working-life representative'), ('coordinator', 'Coordinator'), ('steering', 'Steering group member')], max_length=20)),
                ('respondents', models.IntegerField()),
                ('college', models.ForeignKey(db_constraint=False, db_index=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='colleges.partnercollege')),
                ('country', models.ForeignKey(db_constraint=False, db_index=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='colleges.country')),
                ('question', models.ForeignKey(db_constraint=False, db_index=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='surveys.question')),
            ],
            options={
                'constraints': [models.UniqueConstraint(models.F('question'), models.F('role'), django.db.models.functions.comparison.Coalesce('college', models.Value(0)), django.db.models.functions.comparison.Coalesce('country', models.Value(0)), name='one_question_tally_per_group')],
            },
        ),
        migrations.CreateModel(
            name='RespondentTally',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('role', models.CharField(choices=[('mentor', 'Mentor'), ('teacher_educator', 'Teacher educator'), ('vet_leader', 'VET leader'), ('working_life', 'Working-life representative'), ('coordinator', 'Coordinator'), ('steering', 'Steering group member')], max_length=20)),
                ('respondents', models.IntegerField()),
                ('college', models.ForeignKey(db_constraint=False, db_index=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='colleges.partnercollege')),
                ('country', models.ForeignKey(db_constraint=False, db_index=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='colleges.country')),
                ('survey', models.ForeignKey(db_constraint=False, db_index=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='surveys.survey')),
            ],
            options={
                'constraints': [models.UniqueConstraint(models.F('survey'), models.F('role'), django.db.models.functions.comparison.Coalesce('college', models.Value(0)), django.db.models.functions.comparison.Coalesce('country', models.Value(0)), name='one_respondent_tally_per_group')],
            },
        ),
        migrations.RunPython(install, uninstall),
    ]
