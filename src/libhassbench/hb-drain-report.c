/* hb-drain-report.c
 *
 * Copyright 2026 The Hassbench developers
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "hb-drain-report.h"

typedef struct
{
  char   *task_name;
  GError *error;
} Failure;

struct _HbDrainReport
{
  GObject    parent_instance;

  GArray    *failures;   /* Failure, in the order the tasks failed */
  char     **pending;    /* NULL-terminated, never NULL */
  gboolean   timed_out;
};

G_DEFINE_FINAL_TYPE (HbDrainReport, hb_drain_report, G_TYPE_OBJECT)

static void
failure_clear (gpointer data)
{
  Failure *failure = data;

  g_clear_pointer (&failure->task_name, g_free);
  g_clear_error (&failure->error);
}

static void
hb_drain_report_finalize (GObject *object)
{
  HbDrainReport *self = (HbDrainReport *)object;

  g_clear_pointer (&self->failures, g_array_unref);
  g_clear_pointer (&self->pending, g_strfreev);

  G_OBJECT_CLASS (hb_drain_report_parent_class)->finalize (object);
}

static void
hb_drain_report_class_init (HbDrainReportClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = hb_drain_report_finalize;
}

static void
hb_drain_report_init (HbDrainReport *self)
{
  self->failures = g_array_new (FALSE, TRUE, sizeof (Failure));
  g_array_set_clear_func (self->failures, failure_clear);
  self->pending = g_new0 (char *, 1);
}

HbDrainReport *
hb_drain_report_new (void)
{
  return g_object_new (HB_TYPE_DRAIN_REPORT, NULL);
}

void
hb_drain_report_add_failure (HbDrainReport *self,
                             const char    *task_name,
                             const GError  *error)
{
  Failure failure;

  g_return_if_fail (HB_IS_DRAIN_REPORT (self));
  g_return_if_fail (task_name != NULL);
  g_return_if_fail (error != NULL);

  failure.task_name = g_strdup (task_name);
  failure.error = g_error_copy (error);
  g_array_append_val (self->failures, failure);
}

void
hb_drain_report_set_timed_out (HbDrainReport *self,
                               gboolean       timed_out)
{
  g_return_if_fail (HB_IS_DRAIN_REPORT (self));

  self->timed_out = !!timed_out;
}

void
hb_drain_report_set_pending (HbDrainReport      *self,
                             const char * const *names)
{
  g_return_if_fail (HB_IS_DRAIN_REPORT (self));

  g_strfreev (self->pending);
  self->pending = names != NULL ? g_strdupv ((char **) names) : g_new0 (char *, 1);
}

guint
hb_drain_report_get_n_failures (HbDrainReport *self)
{
  g_return_val_if_fail (HB_IS_DRAIN_REPORT (self), 0);

  return self->failures->len;
}

const char *
hb_drain_report_get_task_name (HbDrainReport *self,
                               guint          index)
{
  g_return_val_if_fail (HB_IS_DRAIN_REPORT (self), NULL);
  g_return_val_if_fail (index < self->failures->len, NULL);

  return g_array_index (self->failures, Failure, index).task_name;
}

const GError *
hb_drain_report_get_error (HbDrainReport *self,
                           guint          index)
{
  g_return_val_if_fail (HB_IS_DRAIN_REPORT (self), NULL);
  g_return_val_if_fail (index < self->failures->len, NULL);

  return g_array_index (self->failures, Failure, index).error;
}

gboolean
hb_drain_report_get_timed_out (HbDrainReport *self)
{
  g_return_val_if_fail (HB_IS_DRAIN_REPORT (self), FALSE);

  return self->timed_out;
}

const char * const *
hb_drain_report_get_pending (HbDrainReport *self)
{
  g_return_val_if_fail (HB_IS_DRAIN_REPORT (self), NULL);

  return (const char * const *) self->pending;
}

JsonObject *
hb_drain_report_to_json (HbDrainReport *self)
{
  JsonObject *object;
  JsonArray *failures;
  JsonArray *pending;

  g_return_val_if_fail (HB_IS_DRAIN_REPORT (self), NULL);

  object = json_object_new ();
  failures = json_array_new ();
  for (guint i = 0; i < self->failures->len; i++)
    {
      const Failure *failure = &g_array_index (self->failures, Failure, i);
      JsonObject *entry = json_object_new ();

      json_object_set_string_member (entry, "task", failure->task_name);
      json_object_set_string_member (entry, "domain", g_quark_to_string (failure->error->domain));
      json_object_set_int_member (entry, "code", failure->error->code);
      json_object_set_string_member (entry, "message", failure->error->message);
      json_array_add_object_element (failures, entry);
    }
  json_object_set_array_member (object, "failures", failures);
  json_object_set_boolean_member (object, "timed_out", self->timed_out);

  pending = json_array_new ();
  for (guint i = 0; self->pending[i] != NULL; i++)
    json_array_add_string_element (pending, self->pending[i]);
  json_object_set_array_member (object, "pending", pending);

  return object;
}
