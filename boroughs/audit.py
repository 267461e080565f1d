"""The one audited save of the boroughs app's writes: checked, then saved with who and why."""


def audited_save(obj, *, user, reason):
    obj.full_clean()
    obj._history_user = user
    obj._change_reason = reason
    obj.save()
    return obj
