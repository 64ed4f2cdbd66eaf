"""Form fields in Bootstrap Italia markup: the widget gets its classes and ARIA attributes here,
the label, help text and errors come from `templates/components/campo_form.html`."""

from django import template

register = template.Library()

# Widgets that Bootstrap Italia styles without a class (`.form-check [type=checkbox]`,
# `.select-wrapper select`); every other input is a `.form-control`.
WIDGETS_WITHOUT_CONTROL_CLASS = {"checkbox", "select", "selectmultiple", "radioselect", "checkboxselectmultiple"}


def help_id(field):
    return f"{field.auto_id}_helptext"


def error_id(field):
    return f"{field.auto_id}_error"


def link_id(field):
    return f"{field.auto_id}_link"


@register.simple_tag
def field_widget(field, with_link=False):
    """Render `field`'s widget with Bootstrap Italia classes, `is-invalid` and `aria-describedby`
    pointing at its help text, its errors and (`with_link`) the link shown under it."""
    classes = field.field.widget.attrs.get("class", "").split()
    if field.widget_type not in WIDGETS_WITHOUT_CONTROL_CLASS:
        classes.append("form-control")
    ids = [link_id(field)] if with_link else []
    if field.help_text:
        ids.append(help_id(field))
    attrs = {"placeholder": False}
    if field.errors:
        classes.append("is-invalid")
        ids.append(error_id(field))
        attrs["aria-invalid"] = "true"
    if classes:
        attrs["class"] = " ".join(classes)
    if ids:
        attrs["aria-describedby"] = " ".join(ids)
    return field.as_widget(attrs=attrs)


@register.filter
def field_help_id(field):
    return help_id(field)


@register.filter
def field_error_id(field):
    return error_id(field)


@register.filter
def field_link_id(field):
    return link_id(field)
