/* hb-step-dialog.c
 *
 * Copyright 2026 The Hassbench developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <hassbench.h>

#include "hb-form-field.h"
#include "hb-step-dialog.h"

typedef struct
{
  HbFormField    form;       /* first: the shared form helpers see this */
  JsonNodeType   type;       /* of the template's value: decides how text is read */
  GType          value_type; /* for JSON_NODE_VALUE */
  gboolean       null_when_empty;
} Field;

struct _HbStepDialog
{
  GtkWindow   parent_instance;

  char       *kind;
  GPtrArray  *fields;

  GtkLabel   *description_label;
  GtkGrid    *form;
  GtkLabel   *error_label;
};

enum {
  STEP_READY,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (HbStepDialog, hb_step_dialog, GTK_TYPE_WINDOW)

static void
field_free (Field *field)
{
  hb_form_field_clear (&field->form);
  g_free (field);
}

static JsonNode *
read_field (Field   *field,
            GError **error)
{
  const char *text;
  JsonNode *node;

  if (GTK_IS_SWITCH (field->form.widget))
    return json_node_init_boolean (json_node_alloc (),
                                   gtk_switch_get_active (GTK_SWITCH (field->form.widget)));

  text = gtk_editable_get_text (GTK_EDITABLE (field->form.widget));

  /* Empty means none: null for a state's value, left out for an optional field. */
  if (*text == '\0' && (field->null_when_empty || field->type == JSON_NODE_NULL))
    return json_node_init_null (json_node_alloc ());

  switch (field->type)
    {
    case JSON_NODE_OBJECT:
    case JSON_NODE_ARRAY:
      if (*text == '\0')
        text = field->type == JSON_NODE_OBJECT ? "{}" : "[]";
      node = hb_json_from_string (text, error);
      if (node != NULL && JSON_NODE_TYPE (node) != field->type)
        {
          g_set_error (error, HB_ERROR, HB_ERROR_INVALID_JSON, _("expected a JSON %s"),
                       field->type == JSON_NODE_OBJECT ? _("object") : _("array"));
          g_clear_pointer (&node, json_node_unref);
        }
      return node;

    case JSON_NODE_NULL:
      /* Optional free-form JSON: a number or object as typed, anything else as text. */
      node = hb_json_from_string (text, NULL);
      if (node == NULL)
        node = json_node_init_string (json_node_alloc (), text);
      return node;

    case JSON_NODE_VALUE:
    default:
      if (field->value_type == G_TYPE_DOUBLE || field->value_type == G_TYPE_INT64)
        {
          node = hb_json_from_string (text, error);
          if (node != NULL && !JSON_NODE_HOLDS_VALUE (node))
            {
              g_set_error (error, HB_ERROR, HB_ERROR_INVALID_ARGUMENT, _("expected a number"));
              g_clear_pointer (&node, json_node_unref);
            }
          return node;
        }
      return json_node_init_string (json_node_alloc (), text);
    }
}

JsonObject *
hb_step_dialog_build_step (HbStepDialog  *self,
                           GError       **error)
{
  g_autoptr(JsonObject) step = json_object_new ();
  g_autoptr(HbStep) parsed = NULL;

  g_return_val_if_fail (HB_IS_STEP_DIALOG (self), NULL);

  json_object_set_string_member (step, "kind", self->kind);

  for (guint i = 0; i < self->fields->len; i++)
    {
      Field *field = g_ptr_array_index (self->fields, i);
      g_autoptr(GError) local_error = NULL;
      JsonNode *node = read_field (field, &local_error);

      if (node == NULL)
        {
          g_set_error (error, HB_ERROR, HB_ERROR_INVALID_ARGUMENT, "%s: %s",
                       field->form.name, local_error->message);
          return NULL;
        }
      /* An optional member left empty is left out. */
      if (field->type == JSON_NODE_NULL && JSON_NODE_HOLDS_NULL (node) &&
          !field->null_when_empty)
        json_node_unref (node);
      else
        json_object_set_member (step, field->form.name, node);
    }

  parsed = hb_step_new_from_object (step, error);
  if (parsed == NULL)
    return NULL;

  return hb_step_to_json (parsed);
}

static void
apply_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  HbStepDialog *self = HB_STEP_DIALOG (widget);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) step = NULL;

  hb_form_fields_clear_errors (self->fields, self->error_label);
  step = hb_step_dialog_build_step (self, &error);
  if (step == NULL)
    {
      hb_form_field_show_error (hb_form_fields_for_message (self->fields, error->message),
                                self->error_label, error->message);
      return;
    }

  g_signal_emit (self, signals[STEP_READY], 0, step);
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
hb_step_dialog_dispose (GObject *object)
{
  /* GtkWindow unparents its titlebar and child itself (see HbWindow). */
  G_OBJECT_CLASS (hb_step_dialog_parent_class)->dispose (object);
}

static void
hb_step_dialog_finalize (GObject *object)
{
  HbStepDialog *self = HB_STEP_DIALOG (object);

  g_free (self->kind);
  g_ptr_array_unref (self->fields);

  G_OBJECT_CLASS (hb_step_dialog_parent_class)->finalize (object);
}

static void
hb_step_dialog_class_init (HbStepDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = hb_step_dialog_dispose;
  object_class->finalize = hb_step_dialog_finalize;

  signals[STEP_READY] =
    g_signal_new ("step-ready", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1, JSON_TYPE_OBJECT);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/dev/hassbench/Hassbench/hb-step-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, HbStepDialog, description_label);
  gtk_widget_class_bind_template_child (widget_class, HbStepDialog, form);
  gtk_widget_class_bind_template_child (widget_class, HbStepDialog, error_label);

  gtk_widget_class_install_action (widget_class, "step.apply", NULL, apply_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
hb_step_dialog_init (HbStepDialog *self)
{
  self->fields = g_ptr_array_new_with_free_func ((GDestroyNotify) field_free);
  gtk_widget_init_template (GTK_WIDGET (self));
}

static void
entry_activate_cb (GtkEntry     *entry,
                   HbStepDialog *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "step.apply", NULL);
}

static void
add_field (HbStepDialog *self,
           const char   *name,
           JsonNode     *value)
{
  Field *field = g_new0 (Field, 1);
  int row = self->fields->len * 2;
  g_autofree char *text = NULL;

  field->type = JSON_NODE_TYPE (value);
  if (field->type == JSON_NODE_VALUE)
    field->value_type = json_node_get_value_type (value);
  /* A state's old or new value may be "none": the entity did not exist / was removed. */
  field->null_when_empty = g_str_has_suffix (name, "_value") &&
                           g_strcmp0 (self->kind, "simulate_state_change") == 0;

  if (field->type == JSON_NODE_VALUE && field->value_type == G_TYPE_BOOLEAN)
    {
      field->form.widget = gtk_switch_new ();
      gtk_switch_set_active (GTK_SWITCH (field->form.widget), json_node_get_boolean (value));
      gtk_widget_set_halign (field->form.widget, GTK_ALIGN_START);
    }
  else
    {
      field->form.widget = gtk_entry_new ();
      gtk_widget_set_hexpand (field->form.widget, TRUE);
      if (field->type == JSON_NODE_VALUE && field->value_type == G_TYPE_STRING)
        text = g_strdup (json_node_get_string (value));
      else if (field->type != JSON_NODE_NULL)
        text = json_to_string (value, FALSE);
      gtk_editable_set_text (GTK_EDITABLE (field->form.widget), text ? text : "");
      if (field->null_when_empty)
        gtk_entry_set_placeholder_text (GTK_ENTRY (field->form.widget), _("empty: none"));
      else if (field->type == JSON_NODE_NULL)
        gtk_entry_set_placeholder_text (GTK_ENTRY (field->form.widget), _("optional"));
      g_signal_connect (field->form.widget, "activate", G_CALLBACK (entry_activate_cb), self);
    }
  hb_form_field_attach (&field->form, name, field->form.widget, name, self->form, row);
  g_ptr_array_add (self->fields, field);
}

HbStepDialog *
hb_step_dialog_new (GtkWindow  *parent,
                    const char *title,
                    const char *description,
                    JsonObject *step)
{
  HbStepDialog *self;
  JsonObjectIter iter;
  const char *name;
  JsonNode *value;

  g_return_val_if_fail (step != NULL, NULL);
  g_return_val_if_fail (json_object_has_member (step, "kind"), NULL);

  self = g_object_new (HB_TYPE_STEP_DIALOG, "transient-for", parent, "title", title, NULL);
  self->kind = g_strdup (json_object_get_string_member (step, "kind"));
  gtk_label_set_label (self->description_label, description ? description : "");
  gtk_widget_set_visible (GTK_WIDGET (self->description_label), description != NULL);

  json_object_iter_init (&iter, step);
  while (json_object_iter_next (&iter, &name, &value))
    if (!g_str_equal (name, "kind"))
      add_field (self, name, value);

  /* Focus what the user has to fill in: the first empty entry (the new value of a
   * prefilled state change), else the first field. */
  for (guint i = 0; i < self->fields->len; i++)
    {
      Field *field = g_ptr_array_index (self->fields, i);

      if (GTK_IS_ENTRY (field->form.widget) &&
          *gtk_editable_get_text (GTK_EDITABLE (field->form.widget)) == '\0')
        {
          gtk_widget_grab_focus (field->form.widget);
          return self;
        }
    }
  if (self->fields->len > 0)
    gtk_widget_grab_focus (((Field *) g_ptr_array_index (self->fields, 0))->form.widget);

  return self;
}

void
hb_step_dialog_set_field (HbStepDialog *self,
                          const char   *name,
                          const char   *text)
{
  Field *field;

  g_return_if_fail (HB_IS_STEP_DIALOG (self));

  field = (Field *) hb_form_fields_find (self->fields, name);
  g_return_if_fail (field != NULL);

  if (GTK_IS_SWITCH (field->form.widget))
    gtk_switch_set_active (GTK_SWITCH (field->form.widget), g_strcmp0 (text, "true") == 0);
  else
    gtk_editable_set_text (GTK_EDITABLE (field->form.widget), text);
}

JsonObject *
hb_step_dialog_template (const char *kind)
{
  /* The fields a user fills in for each kind, with example values; optional ones null. */
  static const struct {
    const char *kind;
    const char *json;
  } templates[] = {
    { "simulate_state_change",
      "{\"entity_id\": \"\", \"old_value\": \"\", \"new_value\": \"\", \"timeout\": null}" },
    { "simulate_attribute_change",
      "{\"entity_id\": \"\", \"attribute\": \"\", \"old_value\": null, \"new_value\": null,"
      " \"state\": null}" },
    { "simulate_call_service",
      "{\"domain\": \"light\", \"service\": \"turn_on\", \"service_data\": {}}" },
    { "set_state", "{\"entity_id\": \"\", \"state\": \"\", \"attributes\": {}}" },
    { "simulate_component_loaded", "{\"component\": \"\"}" },
    { "simulate_service_registered", "{\"domain\": \"\", \"service\": \"\"}" },
    { "simulate_homeassistant", "{\"what\": \"start\"}" },
    { "simulate_service_status",
      "{\"resource_name\": \"WebSocketService\", \"status\": \"failed\","
      " \"previous_status\": null, \"exception\": null}" },
    { "simulate_websocket", "{\"connected\": true}" },
    { "simulate_app_state_changed",
      "{\"status\": \"running\", \"previous_status\": null, \"exception\": null}" },
    { "simulate_event", "{\"topic\": \"hass.event.\", \"data\": {}}" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (templates); i++)
    if (g_strcmp0 (templates[i].kind, kind) == 0)
      {
        g_autoptr(JsonObject) fields = hb_json_object_from_string (templates[i].json, NULL);
        JsonObject *step = json_object_new ();
        JsonObjectIter iter;
        const char *name;
        JsonNode *value;

        g_assert (fields != NULL);
        json_object_set_string_member (step, "kind", kind);
        json_object_iter_init (&iter, fields);
        while (json_object_iter_next (&iter, &name, &value))
          json_object_set_member (step, name, json_node_copy (value));
        return step;
      }

  return NULL;
}
