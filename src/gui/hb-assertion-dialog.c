/* hb-assertion-dialog.c
 *
 * Copyright 2026 The Hassbench developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <hassbench.h>

#include "hb-assertion-dialog.h"
#include "hb-form-field.h"

typedef struct
{
  HbFormField form;       /* first: the shared form helpers see this */
  gboolean    is_string;  /* read the text as is; otherwise as JSON */
} Field;

struct _HbAssertionDialog
{
  GtkWindow             parent_instance;

  HbExpectationSource   source;
  JsonObject           *row;
  JsonArray            *context;
  HbExpectationFlavour  flavour;
  char                 *kind;
  GPtrArray            *fields;
  GArray               *flavours;   /* HbExpectationFlavour, in the drop-down's order */

  GtkLabel             *description_label;
  GtkBox               *flavour_box;
  GtkDropDown          *flavour_dropdown;
  GtkGrid              *form;
  GtkLabel             *error_label;
};

enum {
  ASSERTION_READY,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (HbAssertionDialog, hb_assertion_dialog, GTK_TYPE_WINDOW)

static void
field_free (Field *field)
{
  hb_form_field_clear (&field->form);
  g_free (field);
}

static void
entry_activate_cb (GtkEntry          *entry,
                   HbAssertionDialog *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "assertion.add", NULL);
}

/* Replaces the form with the fields of @step. */
static void
show_step (HbAssertionDialog *self,
           JsonObject        *step)
{
  GtkWidget *child;
  JsonObjectIter iter;
  const char *name;
  JsonNode *value;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->form))) != NULL)
    gtk_grid_remove (self->form, child);
  g_ptr_array_set_size (self->fields, 0);

  g_free (self->kind);
  self->kind = g_strdup (json_object_get_string_member (step, "kind"));

  json_object_iter_init (&iter, step);
  while (json_object_iter_next (&iter, &name, &value))
    {
      Field *field;
      GtkWidget *entry;
      g_autofree char *text = NULL;

      if (g_str_equal (name, "kind"))
        continue;

      field = g_new0 (Field, 1);
      field->is_string = JSON_NODE_HOLDS_VALUE (value) &&
                         json_node_get_value_type (value) == G_TYPE_STRING;
      text = field->is_string ? g_strdup (json_node_get_string (value))
                              : json_to_string (value, FALSE);
      entry = gtk_entry_new ();
      gtk_widget_set_hexpand (entry, TRUE);
      gtk_editable_set_text (GTK_EDITABLE (entry), text);
      g_signal_connect (entry, "activate", G_CALLBACK (entry_activate_cb), self);
      hb_form_field_attach (&field->form, name, entry, name, self->form,
                            self->fields->len * 2);
      g_ptr_array_add (self->fields, field);
    }

  /* Optional members the kind has and the row did not fill. */
  if (g_strcmp0 (self->kind, "expect_not_called") == 0 ||
      g_strcmp0 (self->kind, "expect_call_count") == 0 ||
      g_strcmp0 (self->kind, "expect_called") == 0)
    {
      if (hb_form_fields_find (self->fields, "kwargs") == NULL)
        {
          Field *field = g_new0 (Field, 1);
          GtkWidget *entry = gtk_entry_new ();

          gtk_widget_set_hexpand (entry, TRUE);
          gtk_entry_set_placeholder_text (GTK_ENTRY (entry), _("optional: a JSON object"));
          g_signal_connect (entry, "activate", G_CALLBACK (entry_activate_cb), self);
          hb_form_field_attach (&field->form, "kwargs", entry, "kwargs", self->form,
                                self->fields->len * 2);
          g_ptr_array_add (self->fields, field);
        }
    }

  hb_form_fields_clear_errors (self->fields, self->error_label);
}

static gboolean
rebuild (HbAssertionDialog  *self,
         GError            **error)
{
  g_autoptr(JsonObject) step = hb_expectation_build (self->source, self->row, self->flavour,
                                                     self->context, error);

  if (step == NULL)
    return FALSE;
  show_step (self, step);
  return TRUE;
}

static void
flavour_selected_cb (GtkDropDown       *dropdown,
                     GParamSpec        *pspec,
                     HbAssertionDialog *self)
{
  guint selected = gtk_drop_down_get_selected (dropdown);
  g_autoptr(GError) error = NULL;

  if (selected >= self->flavours->len)
    return;
  if (g_array_index (self->flavours, HbExpectationFlavour, selected) == self->flavour)
    return;

  self->flavour = g_array_index (self->flavours, HbExpectationFlavour, selected);
  if (!rebuild (self, &error))
    hb_form_field_show_error (NULL, self->error_label, error->message);
}

JsonObject *
hb_assertion_dialog_build_step (HbAssertionDialog  *self,
                                GError            **error)
{
  g_autoptr(JsonObject) step = json_object_new ();
  g_autoptr(HbStep) parsed = NULL;

  g_return_val_if_fail (HB_IS_ASSERTION_DIALOG (self), NULL);

  json_object_set_string_member (step, "kind", self->kind);
  for (guint i = 0; i < self->fields->len; i++)
    {
      Field *field = g_ptr_array_index (self->fields, i);
      const char *text = gtk_editable_get_text (GTK_EDITABLE (field->form.widget));
      g_autoptr(GError) local_error = NULL;
      JsonNode *node;

      /* Empty leaves an optional member out; the parser names a required one. */
      if (*text == '\0' && !field->is_string)
        continue;
      if (field->is_string)
        node = json_node_init_string (json_node_alloc (), text);
      else if ((node = hb_json_from_string (text, &local_error)) == NULL)
        {
          g_set_error (error, HB_ERROR, HB_ERROR_INVALID_JSON, "%s: %s", field->form.name,
                       local_error->message);
          return NULL;
        }
      json_object_set_member (step, field->form.name, node);
    }

  parsed = hb_step_new_from_object (step, error);
  if (parsed == NULL)
    return NULL;
  return hb_step_to_json (parsed);
}

static void
add_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  HbAssertionDialog *self = HB_ASSERTION_DIALOG (widget);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) step = NULL;

  hb_form_fields_clear_errors (self->fields, self->error_label);
  step = hb_assertion_dialog_build_step (self, &error);
  if (step == NULL)
    {
      hb_form_field_show_error (hb_form_fields_for_message (self->fields, error->message),
                                self->error_label, error->message);
      return;
    }

  g_signal_emit (self, signals[ASSERTION_READY], 0, step);
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
hb_assertion_dialog_finalize (GObject *object)
{
  HbAssertionDialog *self = HB_ASSERTION_DIALOG (object);

  g_clear_pointer (&self->row, json_object_unref);
  g_clear_pointer (&self->context, json_array_unref);
  g_free (self->kind);
  g_ptr_array_unref (self->fields);
  g_array_unref (self->flavours);

  G_OBJECT_CLASS (hb_assertion_dialog_parent_class)->finalize (object);
}

static void
hb_assertion_dialog_class_init (HbAssertionDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = hb_assertion_dialog_finalize;

  signals[ASSERTION_READY] =
    g_signal_new ("assertion-ready", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1, JSON_TYPE_OBJECT);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/dev/hassbench/Hassbench/hb-assertion-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, HbAssertionDialog, description_label);
  gtk_widget_class_bind_template_child (widget_class, HbAssertionDialog, flavour_box);
  gtk_widget_class_bind_template_child (widget_class, HbAssertionDialog, flavour_dropdown);
  gtk_widget_class_bind_template_child (widget_class, HbAssertionDialog, form);
  gtk_widget_class_bind_template_child (widget_class, HbAssertionDialog, error_label);

  gtk_widget_class_install_action (widget_class, "assertion.add", NULL, add_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
hb_assertion_dialog_init (HbAssertionDialog *self)
{
  self->fields = g_ptr_array_new_with_free_func ((GDestroyNotify) field_free);
  self->flavours = g_array_new (FALSE, FALSE, sizeof (HbExpectationFlavour));
  gtk_widget_init_template (GTK_WIDGET (self));
}

HbAssertionDialog *
hb_assertion_dialog_new (GtkWindow            *parent,
                         HbExpectationSource   source,
                         JsonObject           *row,
                         JsonArray            *context,
                         const char           *where,
                         GError              **error)
{
  g_autoptr(JsonObject) step = NULL;
  g_autoptr(GtkStringList) labels = gtk_string_list_new (NULL);
  HbAssertionDialog *self;

  g_return_val_if_fail (row != NULL, NULL);

  step = hb_expectation_build (source, row, HB_EXPECTATION_FLAVOUR_PARTIAL, context, error);
  if (step == NULL)
    return NULL;

  self = g_object_new (HB_TYPE_ASSERTION_DIALOG, "transient-for", parent,
                       "title", _("Add Assertion"), NULL);
  self->source = source;
  self->row = json_object_ref (row);
  self->context = context ? json_array_ref (context) : NULL;
  self->flavour = HB_EXPECTATION_FLAVOUR_PARTIAL;

  for (int f = 0; f < HB_EXPECTATION_N_FLAVOURS; f++)
    if (hb_expectation_flavour_supported (source, f))
      {
        HbExpectationFlavour flavour = f;

        g_array_append_val (self->flavours, flavour);
        gtk_string_list_append (labels, hb_expectation_flavour_label (flavour));
      }
  gtk_drop_down_set_model (self->flavour_dropdown, G_LIST_MODEL (labels));
  gtk_drop_down_set_selected (self->flavour_dropdown, 0);
  gtk_widget_set_visible (GTK_WIDGET (self->flavour_box), self->flavours->len > 1);
  g_signal_connect (self->flavour_dropdown, "notify::selected",
                    G_CALLBACK (flavour_selected_cb), self);

  gtk_label_set_label (self->description_label, where ? where : "");
  gtk_widget_set_visible (GTK_WIDGET (self->description_label), where != NULL);
  show_step (self, step);

  return self;
}

HbExpectationFlavour
hb_assertion_dialog_get_flavour (HbAssertionDialog *self)
{
  g_return_val_if_fail (HB_IS_ASSERTION_DIALOG (self), HB_EXPECTATION_FLAVOUR_PARTIAL);
  return self->flavour;
}

gboolean
hb_assertion_dialog_set_flavour (HbAssertionDialog    *self,
                                 HbExpectationFlavour  flavour)
{
  g_return_val_if_fail (HB_IS_ASSERTION_DIALOG (self), FALSE);

  for (guint i = 0; i < self->flavours->len; i++)
    if (g_array_index (self->flavours, HbExpectationFlavour, i) == flavour)
      {
        /* Through the drop-down, as a user picks it. */
        gtk_drop_down_set_selected (self->flavour_dropdown, i);
        return TRUE;
      }
  return FALSE;
}

void
hb_assertion_dialog_set_field (HbAssertionDialog *self,
                               const char        *name,
                               const char        *text)
{
  HbFormField *field;

  g_return_if_fail (HB_IS_ASSERTION_DIALOG (self));

  field = hb_form_fields_find (self->fields, name);
  g_return_if_fail (field != NULL);
  gtk_editable_set_text (GTK_EDITABLE (field->widget), text);
}
