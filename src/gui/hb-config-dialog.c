/* hb-config-dialog.c
 *
 * Copyright 2026 The Hassbench developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <hassbench.h>

#include "hb-config-dialog.h"
#include "hb-form-field.h"

typedef struct
{
  HbFormField    form;       /* first: the shared form helpers see this */
  char      *type;
  gboolean   required;
} Field;

struct _HbConfigDialog
{
  GtkWindow  parent_instance;

  GPtrArray *fields;

  GtkGrid   *form;
  GtkLabel  *error_label;
};

enum {
  CONFIG_READY,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (HbConfigDialog, hb_config_dialog, GTK_TYPE_WINDOW)

static void
field_free (Field *field)
{
  hb_form_field_clear (&field->form);
  g_free (field->type);
  g_free (field);
}




void
hb_config_dialog_show_error (HbConfigDialog *self,
                             const char     *message)
{
  const char *at;
  Field *field = NULL;

  g_return_if_fail (HB_IS_CONFIG_DIALOG (self));
  g_return_if_fail (message != NULL);

  hb_form_fields_clear_errors (self->fields, self->error_label);

  /* The harness names the field: "... — field 'motion_sensor': Field required". */
  at = strstr (message, "field '");
  if (at != NULL)
    {
      const char *start = at + strlen ("field '");
      const char *end = strchr (start, '\'');

      if (end != NULL)
        {
          g_autofree char *name = g_strndup (start, end - start);

          field = (Field *) hb_form_fields_find (self->fields, name);
          if (field != NULL && end[1] == ':' && end[2] == ' ')
            {
              hb_form_field_show_error ((HbFormField *) field, self->error_label, end + 3);
              return;
            }
        }
    }

  hb_form_field_show_error ((HbFormField *) field, self->error_label, message);
}

/* (transfer full) (nullable): the field's value; NULL when left empty */
static JsonNode *
read_field (Field   *field,
            GError **error)
{
  const char *text;

  if (GTK_IS_SWITCH (field->form.widget))
    return json_node_init_boolean (json_node_alloc (),
                                   gtk_switch_get_active (GTK_SWITCH (field->form.widget)));

  if (GTK_IS_SPIN_BUTTON (field->form.widget))
    {
      GtkSpinButton *spin = GTK_SPIN_BUTTON (field->form.widget);

      gtk_spin_button_update (spin);
      if (g_str_equal (field->type, "int"))
        return json_node_init_int (json_node_alloc (), gtk_spin_button_get_value_as_int (spin));
      return json_node_init_double (json_node_alloc (), gtk_spin_button_get_value (spin));
    }

  text = gtk_editable_get_text (GTK_EDITABLE (field->form.widget));
  if (*text == '\0')
    {
      if (field->required)
        {
          g_set_error (error, HB_CONFIG_ERROR, HB_CONFIG_ERROR_MISSING_FIELD, _("Field required"));
          return NULL;
        }
      return NULL;
    }

  if (g_str_equal (field->type, "object") || g_str_equal (field->type, "array"))
    return hb_json_from_string (text, error);

  if (g_str_equal (field->type, "entity_id") && !hb_entity_id_validate (text, error))
    return NULL;

  return json_node_init_string (json_node_alloc (), text);
}

JsonObject *
hb_config_dialog_build (HbConfigDialog  *self,
                        GError         **error)
{
  g_autoptr(JsonObject) config = json_object_new ();

  g_return_val_if_fail (HB_IS_CONFIG_DIALOG (self), NULL);

  hb_form_fields_clear_errors (self->fields, self->error_label);

  for (guint i = 0; i < self->fields->len; i++)
    {
      Field *field = g_ptr_array_index (self->fields, i);
      g_autoptr(GError) local_error = NULL;
      JsonNode *value = read_field (field, &local_error);

      if (local_error != NULL)
        {
          hb_form_field_show_error ((HbFormField *) field, self->error_label, local_error->message);
          g_set_error (error, HB_CONFIG_ERROR, HB_CONFIG_ERROR_INVALID_VALUE,
                       _("field '%s': %s"), field->form.name, local_error->message);
          return NULL;
        }
      if (value != NULL)
        json_object_set_member (config, field->form.name, value);
    }

  return g_steal_pointer (&config);
}

static void
apply_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  HbConfigDialog *self = HB_CONFIG_DIALOG (widget);
  g_autoptr(JsonObject) config = hb_config_dialog_build (self, NULL);

  /* The dialog stays open: the window closes it once the app started with this config,
   * or shows the harness's verdict in it. */
  if (config != NULL)
    g_signal_emit (self, signals[CONFIG_READY], 0, config);
}

static void
hb_config_dialog_dispose (GObject *object)
{
  /* GtkWindow unparents its titlebar and child itself (see HbWindow). */
  G_OBJECT_CLASS (hb_config_dialog_parent_class)->dispose (object);
}

static void
hb_config_dialog_finalize (GObject *object)
{
  HbConfigDialog *self = HB_CONFIG_DIALOG (object);

  g_ptr_array_unref (self->fields);

  G_OBJECT_CLASS (hb_config_dialog_parent_class)->finalize (object);
}

static void
hb_config_dialog_class_init (HbConfigDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = hb_config_dialog_dispose;
  object_class->finalize = hb_config_dialog_finalize;

  signals[CONFIG_READY] =
    g_signal_new ("config-ready", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1, JSON_TYPE_OBJECT);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/dev/hassbench/Hassbench/hb-config-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, HbConfigDialog, form);
  gtk_widget_class_bind_template_child (widget_class, HbConfigDialog, error_label);
  gtk_widget_class_install_action (widget_class, "config.apply", NULL, apply_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
hb_config_dialog_init (HbConfigDialog *self)
{
  self->fields = g_ptr_array_new_with_free_func ((GDestroyNotify) field_free);
  gtk_widget_init_template (GTK_WIDGET (self));
}

static GtkWidget *
make_widget (const char *type,
             JsonNode   *value)
{
  GtkWidget *widget;

  if (g_str_equal (type, "boolean"))
    {
      widget = gtk_switch_new ();
      gtk_widget_set_halign (widget, GTK_ALIGN_START);
      if (value != NULL && JSON_NODE_HOLDS_VALUE (value))
        gtk_switch_set_active (GTK_SWITCH (widget), json_node_get_boolean (value));
      return widget;
    }

  if (g_str_equal (type, "int") || g_str_equal (type, "double"))
    {
      gboolean is_int = g_str_equal (type, "int");

      widget = gtk_spin_button_new_with_range (-1e9, 1e9, is_int ? 1 : 0.1);
      gtk_spin_button_set_digits (GTK_SPIN_BUTTON (widget), is_int ? 0 : 2);
      if (value != NULL && JSON_NODE_HOLDS_VALUE (value))
        gtk_spin_button_set_value (GTK_SPIN_BUTTON (widget), json_node_get_double (value));
      return widget;
    }

  widget = gtk_entry_new ();
  if (value != NULL && !JSON_NODE_HOLDS_NULL (value))
    {
      g_autofree char *text = JSON_NODE_HOLDS_VALUE (value) &&
                              json_node_get_value_type (value) == G_TYPE_STRING
                              ? g_strdup (json_node_get_string (value))
                              : json_to_string (value, FALSE);

      gtk_editable_set_text (GTK_EDITABLE (widget), text);
    }
  return widget;
}

HbConfigDialog *
hb_config_dialog_new (GtkWindow  *parent,
                      JsonArray  *schema,
                      JsonObject *config)
{
  HbConfigDialog *self;

  g_return_val_if_fail (schema != NULL, NULL);

  self = g_object_new (HB_TYPE_CONFIG_DIALOG, "transient-for", parent, NULL);

  for (guint i = 0; i < json_array_get_length (schema); i++)
    {
      JsonObject *spec = json_array_get_object_element (schema, i);
      Field *field;
      const char *name;
      const char *description;
      JsonNode *value;
      g_autofree char *label_text = NULL;
      int row = i * 2;

      if (spec == NULL)
        continue;

      field = g_new0 (Field, 1);
      name = json_object_get_string_member_with_default (spec, "name", "?");
      field->type = g_strdup (json_object_get_string_member_with_default (spec, "type", "string"));
      field->required = json_object_get_boolean_member_with_default (spec, "required", FALSE);
      description = json_object_get_string_member_with_default (spec, "description", NULL);

      value = config != NULL ? json_object_get_member (config, name) : NULL;
      if (value == NULL)
        value = json_object_get_member (spec, "default");
      field->form.widget = make_widget (field->type, value);
      gtk_widget_set_hexpand (field->form.widget, TRUE);
      if (description != NULL)
        gtk_widget_set_tooltip_text (field->form.widget, description);

      label_text = field->required ? g_strdup_printf ("%s *", name) : g_strdup (name);
      hb_form_field_attach (&field->form, name, field->form.widget, label_text, self->form, row);
      g_ptr_array_add (self->fields, field);
    }

  return self;
}

void
hb_config_dialog_set_text (HbConfigDialog *self,
                           const char     *name,
                           const char     *text)
{
  Field *field;

  g_return_if_fail (HB_IS_CONFIG_DIALOG (self));

  field = (Field *) hb_form_fields_find (self->fields, name);
  g_return_if_fail (field != NULL);

  if (GTK_IS_SWITCH (field->form.widget))
    gtk_switch_set_active (GTK_SWITCH (field->form.widget), g_strcmp0 (text, "true") == 0);
  else if (GTK_IS_SPIN_BUTTON (field->form.widget))
    gtk_spin_button_set_value (GTK_SPIN_BUTTON (field->form.widget), g_ascii_strtod (text, NULL));
  else
    gtk_editable_set_text (GTK_EDITABLE (field->form.widget), text);
}
