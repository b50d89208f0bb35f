/* test-module.c
 *
 * Copyright 2026 The Hassbench developers
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include <hassbench.h>

/* An app type of this program, for in-process modules. */
#define TEST_TYPE_LOCAL_APP (test_local_app_get_type ())
G_DECLARE_FINAL_TYPE (TestLocalApp, test_local_app, TEST, LOCAL_APP, HbApp)

struct _TestLocalApp
{
  HbApp parent_instance;
};

G_DEFINE_FINAL_TYPE (TestLocalApp, test_local_app, HB_TYPE_APP)

static void
test_local_app_class_init (TestLocalAppClass *klass)
{
}

static void
test_local_app_init (TestLocalApp *self)
{
}

static char *
module_path (const char *env,
             const char *name)
{
  const char *dir = g_getenv (env);
  g_autofree char *file = g_strdup_printf ("%s.%s", name, G_MODULE_SUFFIX);

  g_assert_nonnull (dir);

  return g_build_filename (dir, file, NULL);
}

static char *
test_apps_path (void)
{
  return module_path ("HB_TEST_APPS_DIR", "libhb-test-apps");
}

static char *
bad_path (const char *variant)
{
  g_autofree char *name = g_strdup_printf ("libhb-bad-%s", variant);

  return module_path ("HB_TEST_MODULES_DIR", name);
}

static void
assert_load_fails (const char *path,
                   int         code,
                   const char *message)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HbModule) module = hb_module_load (path, &error);

  g_assert_null (module);
  g_assert_error (error, HB_MODULE_ERROR, code);
  if (strstr (error->message, message) == NULL)
    g_error ("'%s' lacks '%s'", error->message, message);
  /* Every error names the file. */
  g_assert_nonnull (strstr (error->message, path));
}

static void
test_load (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = test_apps_path ();
  g_autoptr(HbModule) module = hb_module_load (path, &error);
  int index;

  g_assert_no_error (error);
  g_assert_nonnull (module);
  g_assert_true (g_path_is_absolute (hb_module_get_path (module)));
  g_assert_cmpuint (hb_module_get_n_apps (module), ==, 3);
  g_assert_cmpstr (hb_module_get_app_id (module, 0), ==, "failing-app");
  g_assert_cmpstr (hb_module_get_app_display_name (module, 0), ==, "Failing app");
  g_assert_nonnull (strstr (hb_module_get_app_description (module, 1), "unseeded"));
  g_assert_cmpstr (g_type_name (hb_module_get_app_type (module, 1)), ==, "HbRandomApp");
  g_assert_true (g_type_is_a (hb_module_get_app_type (module, 2), HB_TYPE_APP));

  index = hb_module_find_app (module, "crashing-app");
  g_assert_cmpint (index, ==, 2);
  g_assert_cmpint (hb_module_find_app (module, "nope"), ==, -1);
  g_assert_cmpint (hb_module_find_app_by_type_name (module, "HbFailingApp"), ==, 0);
  g_assert_cmpint (hb_module_find_app_by_type_name (module, "HbNope"), ==, -1);
}

static void
test_load_errors (void)
{
  g_autofree char *no_abi = bad_path ("no-abi");
  g_autofree char *abi = bad_path ("abi");
  g_autofree char *no_register = bad_path ("no-register");
  g_autofree char *register_fails = bad_path ("register-fails");
  g_autofree char *duplicate = bad_path ("duplicate-id");
  g_autofree char *type = bad_path ("type");
  g_autofree char *dir = NULL;
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;

  assert_load_fails ("/nonexistent/libx.so", HB_MODULE_ERROR_NOT_FOUND, "no such module file");
  assert_load_fails (no_abi, HB_MODULE_ERROR_MISSING_SYMBOL, "no hb_module_abi_version symbol");
  assert_load_fails (abi, HB_MODULE_ERROR_ABI_MISMATCH,
                     "built for module ABI 42, but this Hassbench speaks ABI 1");
  assert_load_fails (no_register, HB_MODULE_ERROR_MISSING_SYMBOL, "no hb_module_register");
  assert_load_fails (register_fails, HB_MODULE_ERROR_REGISTER_FAILED,
                     "hb_module_register failed: the frobnicator is missing");
  assert_load_fails (duplicate, HB_MODULE_ERROR_DUPLICATE_APP,
                     "app id 'bad-app' is added twice");
  assert_load_fails (type, HB_MODULE_ERROR_REGISTER_FAILED,
                     "type GObject is not a concrete subtype of HbApp");

  dir = g_dir_make_tmp ("hb-module-XXXXXX", &error);
  g_assert_no_error (error);
  assert_load_fails (dir, HB_MODULE_ERROR_LOAD_FAILED, "is a directory");

  text = g_build_filename (dir, "libtext.so", NULL);
  g_assert_true (g_file_set_contents (text, "not an ELF file\n", -1, NULL));
  assert_load_fails (text, HB_MODULE_ERROR_LOAD_FAILED, "cannot load the module");

  g_assert_cmpint (g_remove (text), ==, 0);
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

static void
test_registry_duplicates (void)
{
  g_autoptr(HbAppRegistry) registry = hb_app_registry_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *path = test_apps_path ();
  g_autofree char *taken = bad_path ("taken-id");
  g_auto(GStrv) ids = NULL;
  HbModule *first;
  HbModule *again;
  HbModule *owner = NULL;
  guint index = 99;

  first = hb_app_registry_load_module (registry, path, &error);
  g_assert_no_error (error);
  g_assert_nonnull (first);

  /* The same file again is the same module, registered once. */
  again = hb_app_registry_load_module (registry, path, &error);
  g_assert_no_error (error);
  g_assert_true (again == first);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (registry)), ==, 1);

  g_assert_null (hb_app_registry_load_module (registry, taken, &error));
  g_assert_error (error, HB_MODULE_ERROR, HB_MODULE_ERROR_DUPLICATE_APP);
  g_assert_nonnull (strstr (error->message, "app id 'failing-app' is already taken by"));
  g_assert_nonnull (strstr (error->message, hb_module_get_path (first)));
  g_clear_error (&error);

  /* The failed module was not added, not even in part. */
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (registry)), ==, 1);
  ids = hb_app_registry_list_ids (registry);
  g_assert_cmpstrv (ids, ((const char * const []) { "crashing-app", "failing-app",
                                                    "random-app", NULL }));
  g_assert_true (hb_app_registry_lookup (registry, "failing-app", &owner, &index));
  g_assert_true (owner == first);
  g_assert_cmpuint (index, ==, 0);
}

static void
test_registry_bundled (void)
{
  g_autoptr(HbAppRegistry) registry = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) path = NULL;
  GType type;

  g_setenv ("HB_APPS_PATH", g_getenv ("HB_TEST_APPS_DIR"), TRUE);
  registry = hb_app_registry_new ();

  path = hb_app_registry_get_search_path (registry);
  g_assert_cmpstr (path[0], ==, g_getenv ("HB_TEST_APPS_DIR"));
  g_assert_cmpstr (path[1], ==, HB_APPS_DIR);
  g_assert_null (path[2]);

  /* Found by id alone: nothing was loaded by hand. */
  g_assert_false (hb_app_registry_lookup (registry, "random-app", NULL, NULL));
  type = hb_app_registry_find (registry, "random-app", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (g_type_name (type), ==, "HbRandomApp");

  type = hb_app_registry_find (registry, "motion-lightz", &error);
  g_assert_true (type == G_TYPE_INVALID);
  g_assert_error (error, HB_MODULE_ERROR, HB_MODULE_ERROR_UNKNOWN_APP);
  g_assert_nonnull (strstr (error->message, "no app with id 'motion-lightz'; known apps: "
                                            "crashing-app, failing-app, random-app"));
  g_assert_nonnull (strstr (error->message, g_getenv ("HB_TEST_APPS_DIR")));

  g_unsetenv ("HB_APPS_PATH");
}

static void
test_registry_search_path (void)
{
  g_autoptr(HbAppRegistry) registry = hb_app_registry_new ();
  g_auto(GStrv) path = NULL;

  g_setenv ("HB_APPS_PATH", "/a::/b", TRUE);
  path = hb_app_registry_get_search_path (registry);
  g_assert_cmpstrv (path, ((const char * const []) { "/a", "/b", HB_APPS_DIR, NULL }));
  g_unsetenv ("HB_APPS_PATH");
}

static void
test_registry_resolve (void)
{
  g_autoptr(HbAppRegistry) registry = hb_app_registry_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *path = test_apps_path ();
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *base = g_path_get_basename (path);
  GType type;

  type = hb_app_registry_resolve (registry, NULL, path, "HbFailingApp", NULL, &error);
  g_assert_no_error (error);
  g_assert_true (type == g_type_from_name ("HbFailingApp"));

  type = hb_app_registry_resolve (registry, "random-app", base, NULL, dir, &error);
  g_assert_no_error (error);
  g_assert_true (type == g_type_from_name ("HbRandomApp"));

  type = hb_app_registry_resolve (registry, NULL, path, "HbMissingApp", NULL, &error);
  g_assert_true (type == G_TYPE_INVALID);
  g_assert_error (error, HB_MODULE_ERROR, HB_MODULE_ERROR_UNKNOWN_APP);
  g_assert_nonnull (strstr (error->message, "no app of type 'HbMissingApp' in this module; "
                                            "it has failing-app (HbFailingApp)"));
  g_clear_error (&error);

  type = hb_app_registry_resolve (registry, "random-app", path, "HbFailingApp", NULL, &error);
  g_assert_true (type == G_TYPE_INVALID);
  g_assert_error (error, HB_MODULE_ERROR, HB_MODULE_ERROR_UNKNOWN_APP);
  g_assert_nonnull (strstr (error->message, "type HbFailingApp is the app 'failing-app', "
                                            "not 'random-app'"));
  g_clear_error (&error);

  type = hb_app_registry_resolve (registry, NULL, "nope.so", "X", "/nonexistent", &error);
  g_assert_true (type == G_TYPE_INVALID);
  g_assert_error (error, HB_MODULE_ERROR, HB_MODULE_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "/nonexistent/nope.so"));
}

static void
test_in_process (void)
{
  g_autoptr(HbAppRegistry) registry = hb_app_registry_new ();
  g_autoptr(HbModule) module = hb_module_new ("in-process");
  g_autoptr(HbModule) bad = hb_module_new ("bad");
  g_autoptr(GError) error = NULL;
  GType type;

  hb_module_add_app (module, TEST_TYPE_LOCAL_APP, "local", NULL, NULL);
  g_assert_cmpstr (hb_module_get_app_display_name (module, 0), ==, "TestLocalApp");
  g_assert_null (hb_module_get_app_description (module, 0));
  g_assert_true (hb_app_registry_add_module (registry, module, &error));
  g_assert_no_error (error);

  type = hb_app_registry_find (registry, "local", &error);
  g_assert_no_error (error);
  g_assert_true (type == TEST_TYPE_LOCAL_APP);

  hb_module_add_app (bad, TEST_TYPE_LOCAL_APP, "Bad Id", NULL, NULL);
  /* Later problems do not hide the first. */
  hb_module_add_app (bad, G_TYPE_OBJECT, "fine-id", NULL, NULL);
  g_assert_cmpuint (hb_module_get_n_apps (bad), ==, 0);
  g_assert_false (hb_app_registry_add_module (registry, bad, &error));
  g_assert_error (error, HB_MODULE_ERROR, HB_MODULE_ERROR_REGISTER_FAILED);
  g_assert_nonnull (strstr (error->message, "bad: app id 'Bad Id' is not valid"));
  g_clear_error (&error);

  g_assert_false (hb_app_registry_add_module (registry, module, &error));
  g_assert_error (error, HB_MODULE_ERROR, HB_MODULE_ERROR_DUPLICATE_APP);
}

/* An app's example house: kept as set_states would seed it; an unknown app or states a
 * set_states step refuses fail the module's registration, naming the app. */
static void
test_example_house (void)
{
  g_autoptr(HbAppRegistry) registry = hb_app_registry_new ();
  g_autoptr(HbModule) module = hb_module_new ("houses");
  g_autoptr(HbModule) unknown = hb_module_new ("unknown");
  g_autoptr(HbModule) bad = hb_module_new ("bad");
  g_autoptr(GError) error = NULL;
  JsonObject *house;

  hb_module_add_app (module, TEST_TYPE_LOCAL_APP, "local", NULL, NULL);
  g_assert_null (hb_module_get_app_example_house (module, 0));
  hb_module_set_app_example_house (module, "local",
                                   "{\"light.porch\": [\"on\", {\"brightness\": 9}], "
                                   "\"sensor.door\": \"closed\"}");
  g_assert_true (hb_app_registry_add_module (registry, module, &error));
  g_assert_no_error (error);
  house = hb_module_get_app_example_house (module, 0);
  g_assert_nonnull (house);
  g_assert_cmpstr (json_object_get_string_member (house, "sensor.door"), ==, "closed");
  g_assert_cmpuint (json_object_get_size (house), ==, 2);

  hb_module_set_app_example_house (unknown, "nobody", "{}");
  g_assert_false (hb_app_registry_add_module (registry, unknown, &error));
  g_assert_error (error, HB_MODULE_ERROR, HB_MODULE_ERROR_REGISTER_FAILED);
  g_assert_nonnull (strstr (error->message, "example house for app 'nobody': no such app"));
  g_clear_error (&error);

  hb_module_add_app (bad, TEST_TYPE_LOCAL_APP, "other", NULL, NULL);
  hb_module_set_app_example_house (bad, "other", "{\"Porch Light\": \"on\"}");
  g_assert_false (hb_app_registry_add_module (registry, bad, &error));
  g_assert_error (error, HB_MODULE_ERROR, HB_MODULE_ERROR_REGISTER_FAILED);
  g_assert_nonnull (strstr (error->message, "example house for app 'other': "));
  g_assert_nonnull (strstr (error->message, "is not an entity id"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/hassbench/module/load", test_load);
  g_test_add_func ("/hassbench/module/example-house", test_example_house);
  g_test_add_func ("/hassbench/module/load-errors", test_load_errors);
  g_test_add_func ("/hassbench/module/registry-duplicates", test_registry_duplicates);
  g_test_add_func ("/hassbench/module/registry-bundled", test_registry_bundled);
  g_test_add_func ("/hassbench/module/registry-search-path", test_registry_search_path);
  g_test_add_func ("/hassbench/module/registry-resolve", test_registry_resolve);
  g_test_add_func ("/hassbench/module/in-process", test_in_process);

  return g_test_run ();
}
