"""`__in` on integer columns ignores numbers the column cannot hold.

Django's exact/gt/lt lookups on integer fields already treat an out-of-range number as
"matches nothing", but `__in` passes it to the database, and SQLite then raises
OverflowError. A posted id such as 99999999999999999999999 in a multiple-choice field
(ModelMultipleChoiceField filters with pk__in) was a server error instead of "not a valid
choice".
"""

from django.db.models import IntegerField
from django.db.models.lookups import In


class IntegerFieldIn(In):
    def process_rhs(self, compiler, connection):
        if self.rhs_is_direct_value():
            low, high = connection.ops.integer_field_range(
                self.lhs.output_field.get_internal_type()
            )
            self.rhs = [
                value
                for value in self.rhs
                if not isinstance(value, int)
                or ((low is None or value >= low) and (high is None or value <= high))
            ]
        return super().process_rhs(compiler, connection)


def register() -> None:
    IntegerField.register_lookup(IntegerFieldIn)
