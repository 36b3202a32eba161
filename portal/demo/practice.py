"""Demo state of the art: the research's table for every demo country, and the national
updates coordinators recorded since (so the report shows what changed in a year)."""

import datetime

from portal.demo.content import (
    MENTOR_TASK_NATIONAL_VARIATIONS,
    PRACTICE_FROM_SOURCE,
    PRACTICE_SOURCE_DATE,
    PRACTICE_UPDATE_DAYS_AGO,
    PRACTICE_UPDATES,
)
from practice.models import TaskPractice


class PracticeSeeding:
    """Part of DemoSeeder (state and helpers are DemoSeeder's)."""

    def practice(self):
        source_day = datetime.date(*PRACTICE_SOURCE_DATE)
        tasks = {task.number: task for task in self.s.tasks}
        coordinator = self.s.users["coordinator"]
        for country in self.s.countries.values():
            for number, (level, extra) in PRACTICE_FROM_SOURCE.items():
                TaskPractice.objects.get_or_create(
                    country=country,
                    college=None,
                    task=tasks[number],
                    valid_from=source_day,
                    defaults={
                        "level": level,
                        "needs_extra_resources": extra,
                        "note": MENTOR_TASK_NATIONAL_VARIATIONS[number],
                        "source": TaskPractice.Source.SOURCE_MATERIAL,
                    },
                )
        update_day = self.today - datetime.timedelta(days=PRACTICE_UPDATE_DAYS_AGO)
        for code, number, level, extra, note in PRACTICE_UPDATES:
            country = self.s.countries[code]
            # Once: a later seed run (another today) adds no second update of the same cell.
            if TaskPractice.objects.filter(
                country=country, college=None, task=tasks[number], valid_from__gt=source_day
            ).exists():
                continue
            TaskPractice.objects.create(
                country=country,
                task=tasks[number],
                valid_from=update_day,
                level=level,
                needs_extra_resources=extra,
                note=note,
                recorded_by=coordinator,
            )
