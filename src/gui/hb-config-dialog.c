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

typedef struct
{
  char      *name;
  char      *type;
  gboolean   required;
  GtkWidget *widget;
  GtkLabel  *error;
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
  g_free (field->name);
  g_free (field->type);
  g_free (field);
}

static Field *
find_field (HbConfigDialog *self,
            const char     *name)
{
  for (guint i = 0; i < self->fields->len; i++)
    {
      Field *field = g_ptr_array_index (self->fields, i);

      if (g_str_equal (field->name, name))
        return field;
    }
  return NULL;
}

static void
clear_errors (HbConfigDialog *self)
{
  for (guint i = 0; i < self->fields->len; i++)
    {
      Field *field = g_ptr_array_index (self->fields, i);

      gtk_widget_set_visible (GTK_WIDGET (field->error), FALSE);
      gtk_widget_remove_css_class (field->widget, "error");
    }
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);
}

static void
show_field_error (HbConfigDialog *self,
                  Field          *field,
                  const char     *message)
{
  if (field == NULL)
    {
      gtk_label_set_label (self->error_label, message);
      gtk_widget_set_visible (GTK_WIDGET (self->error_label), TRUE);
      return;
    }

  gtk_label_set_label (field->error, message);
  gtk_widget_set_visible (GTK_WIDGET (field->error), TRUE);
  gtk_widget_add_css_class (field->widget, "error");
  gtk_widget_grab_focus (field->widget);
}

void
hb_config_dialog_show_error (HbConfigDialog *self,
                             const char     *message)
{
  const char *at;
  Field *field = NULL;

  g_return_if_fail (HB_IS_CONFIG_DIALOG (self));
  g_return_if_fail (message != NULL);

  clear_errors (self);

  /* The harness names the field: "... — field 'motion_sensor': Field required". */
  at = strstr (message, "field '");
  if (at != NULL)
    {
      const char *start = at + strlen ("field '");
      const char *end = strchr (start, '\'');

      if (end != NULL)
        {
          g_autofree char *name = g_strndup (start, end - start);

          field = find_field (self, name);
          if (field != NULL && end[1] == ':' && end[2] == ' ')
            {
              show_field_error (self, field, end + 3);
              return;
            }
        }
    }

  show_field_error (self, field, message);
}

/* (transfer full) (nullable): the field's value; NULL when left empty */
static JsonNode *
read_field (Field   *field,
            GError **error)
{
  const char *text;

  if (GTK_IS_SWITCH (field->widget))
    return json_node_init_boolean (json_node_alloc (),
                                   gtk_switch_get_active (GTK_SWITCH (field->widget)));

  if (GTK_IS_SPIN_BUTTON (field->widget))
    {
      GtkSpinButton *spin = GTK_SPIN_BUTTON (field->widget);

      gtk_spin_button_update (spin);
      if (g_str_equal (field->type, "int"))
        return json_node_init_int (json_node_alloc (), gtk_spin_button_get_value_as_int (spin));
      return json_node_init_double (json_node_alloc (), gtk_spin_button_get_value (spin));
    }

  text = gtk_editable_get_text (GTK_EDITABLE (field->widget));
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

  clear_errors (self);

  for (guint i = 0; i < self->fields->len; i++)
    {
      Field *field = g_ptr_array_index (self->fields, i);
      g_autoptr(GError) local_error = NULL;
      JsonNode *value = read_field (field, &local_error);

      if (local_error != NULL)
        {
          show_field_error (self, field, local_error->message);
          g_set_error (error, HB_CONFIG_ERROR, HB_CONFIG_ERROR_INVALID_VALUE,
                       "field '%s': %s", field->name, local_error->message);
          return NULL;
        }
      if (value != NULL)
        json_object_set_member (config, field->name, value);
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
      GtkWidget *label;
      const char *description;
      JsonNode *value;
      g_autofree char *label_text = NULL;
      int row = i * 2;

      if (spec == NULL)
        continue;

      field = g_new0 (Field, 1);
      field->name = g_strdup (json_object_get_string_member_with_default (spec, "name", "?"));
      field->type = g_strdup (json_object_get_string_member_with_default (spec, "type", "string"));
      field->required = json_object_get_boolean_member_with_default (spec, "required", FALSE);
      description = json_object_get_string_member_with_default (spec, "description", NULL);

      value = config != NULL ? json_object_get_member (config, field->name) : NULL;
      if (value == NULL)
        value = json_object_get_member (spec, "default");
      field->widget = make_widget (field->type, value);
      gtk_widget_set_hexpand (field->widget, TRUE);
      if (description != NULL)
        gtk_widget_set_tooltip_text (field->widget, description);

      label_text = field->required ? g_strdup_printf ("%s *", field->name) : g_strdup (field->name);
      label = gtk_label_new (label_text);
      gtk_label_set_xalign (GTK_LABEL (label), 1);
      gtk_widget_add_css_class (label, "dim-label");
      gtk_accessible_update_relation (GTK_ACCESSIBLE (field->widget),
                                      GTK_ACCESSIBLE_RELATION_LABELLED_BY, label, NULL, -1);

      field->error = GTK_LABEL (gtk_label_new (NULL));
      gtk_label_set_xalign (field->error, 0);
      gtk_label_set_wrap (field->error, TRUE);
      gtk_widget_add_css_class (GTK_WIDGET (field->error), "error");
      gtk_widget_set_visible (GTK_WIDGET (field->error), FALSE);

      gtk_grid_attach (self->form, label, 0, row, 1, 1);
      gtk_grid_attach (self->form, field->widget, 1, row, 1, 1);
      gtk_grid_attach (self->form, GTK_WIDGET (field->error), 1, row + 1, 1, 1);
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

  field = find_field (self, name);
  g_return_if_fail (field != NULL);

  if (GTK_IS_SWITCH (field->widget))
    gtk_switch_set_active (GTK_SWITCH (field->widget), g_strcmp0 (text, "true") == 0);
  else if (GTK_IS_SPIN_BUTTON (field->widget))
    gtk_spin_button_set_value (GTK_SPIN_BUTTON (field->widget), g_ascii_strtod (text, NULL));
  else
    gtk_editable_set_text (GTK_EDITABLE (field->widget), text);
}
