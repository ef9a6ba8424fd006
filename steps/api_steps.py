"""Generic API steps: any GraphQL operation or REST request from Gherkin, and checks of the answer.

For QA engineers' API-level features (features/api/); business features use the domain steps.
Every quoted text and doc string may use {variables} kept earlier, {namespace} and {uuid};
{{name}} is a literal {name}, and every other brace stays as written.
"""

from behave import step, then

import support.gherkin.vocabulary  # noqa: F401  (registers {:Caller}, {:Method}, {:Number}, {:Literal})
from support.assertions import expect_equal, expect_true
from support.gherkin.json_paths import is_number_equal
from support.gherkin.tables import normalise
from support.journeys import api


@step("the variables are:")
def variables_are(context):
    """Variables of the next GraphQL request, as a table (dotted names nest) or a JSON doc string:

        Given the variables are:
          | name          | value      |
          | input.eventId | {event_id} |
          | input.quantity| 2          |
    """
    api.set_variables(context.state, rows=[list(r) for r in context.table] if context.table else None, text=context.text)


@step("I send this GraphQL request {caller:Caller}:")
def send_graphql(context, caller):
    """The doc string is the operation; variables come from 'the variables are:':

        When I send this GraphQL request as "fan":
          \"\"\"
          query Event($id: ID!) { event(id: $id) { name status } }
          \"\"\"
    """
    api.send_graphql(context.state, context.text, caller)


@step('I send a {method:Method} request to "{path}" {caller:Caller}')
def send_rest(context, method, path, caller):
    """When I send a GET request to "/v1/venues/{venue_id}" as "analyst\""""
    api.send_rest(context.state, method, path, caller)


@step('I send a {method:Method} request to "{path}" {caller:Caller} with:')
def send_rest_with_body(context, method, path, caller):
    """The doc string is the JSON body; a 201 from a collection registers the new row for cleanup:

        When I send a POST request to "/v1/venues" as "admin" with:
          \"\"\"
          {"name": "Hall {namespace}", "city": "Austin", "country": "US", "capacity": 500}
          \"\"\"
    """
    api.send_rest(context.state, method, path, caller, context.text)


@step('I keep "{path}" as "{name}"')
def keep(context, path, name):
    """And I keep "data.reserveSeats.availabilityToken" as "token\""""
    api.keep(context.state, path, name)


@step('the {database:Database} "{table}" row "{row_id}" is removed after the scenario')
def remove_after(context, database, table, row_id):
    """Cleanup through the database, with every row that belongs to it (foreign keys from the catalog):

        Given the inventory "fan" row "{fan_id}" is removed after the scenario
    """
    api.remove_after_scenario(context.state, database, table, row_id)


@then("the response status is {status:d}")
def status_is(context, status):
    """Then the response status is 201"""
    response = api.last_response(context.state)
    expect_equal(f"HTTP status of {response.describe()}", response.status, status)


@then('the response field "{path}" equals "{text}"')
def field_equals_text(context, path, text):
    """Text, filled in; exactly one kept value ("{author_id}") compares as that value, a number as a number:

        Then the response field "data.reserveSeats.seats[0].section" equals "A"
        Then the response field "data.createBook.book.authorId" equals "{author_id}"
    """
    actual, expected, equal = api.field_equals(context.state, path, text)
    expect_true(f"{api.field_label(context.state, path)} equals {expected!r}", equal, f"got {actual!r}")


@then('the response field "{path}" equals {number:Number}')
def field_equals_number(context, path, number):
    """Then the response field "data.availability.sections[0].available" equals 20"""
    value = api.field_value(context.state, path)
    expect_true(f"{api.field_label(context.state, path)} equals {number}", is_number_equal(value, number), f"got {value!r}")


@then('the response field "{path}" is {literal:Literal}')
def field_is_literal(context, path, literal):
    """Then the response field "data.me.phone" is null"""
    value = api.field_value(context.state, path)
    expect_true(f"{api.field_label(context.state, path)} is {literal!r}", value is literal, f"got {value!r}")


@then('the response field "{path}" contains "{text}"')
def field_contains(context, path, text):
    """Then the response field "errors[0].message" contains "not enough seats\""""
    value, wanted = api.field_value(context.state, path), api.fill(context.state, text)
    found = wanted in value if isinstance(value, str) else wanted in [str(normalise(v)) for v in value or []]
    expect_true(f'{api.field_label(context.state, path)} contains "{wanted}"', found, f"got {value!r}")


@then('the response field "{path}" has {count:d} items')
@then('the response field "{path}" has {count:d} item')
def field_has_items(context, path, count):
    """Then the response field "data.reserveSeats.seats" has 2 items"""
    value = api.field_value(context.state, path)
    expect_true(f"{api.field_label(context.state, path)} is a list of {count}", isinstance(value, list) and len(value) == count, f"got {value!r}")


@then('the GraphQL error code is "{code}"')
def graphql_error_code(context, code):
    """Then the GraphQL error code is "FORBIDDEN\""""
    expect_equal(f"GraphQL error code of {api.last_response(context.state).describe()}", api.graphql_error_code(context.state), code)


@then('the GraphQL error message contains "{text}"')
def graphql_error_message(context, text):
    """Then the GraphQL error message contains "permission denied for table book\""""
    message, wanted = api.graphql_error_part(context.state, "message"), api.fill(context.state, text)
    expect_true(f'GraphQL error message of {api.last_response(context.state).describe()} contains "{wanted}"',
                message is not None and wanted in message, f"got {message!r}")


@then('the GraphQL error path is "{path}"')
def graphql_error_path(context, path):
    """The first error's path, dotted (list indexes too):

        Then the GraphQL error path is "createBook"
    """
    expect_equal(f"GraphQL error path of {api.last_response(context.state).describe()}",
                 api.graphql_error_part(context.state, "path"), api.fill(context.state, path))


@then('the GraphQL error extension "{key}" is "{value}"')
def graphql_error_extension(context, key, value):
    """Any key of the first error's extensions (a dotted path for nested ones):

        Then the GraphQL error extension "code" is "FORBIDDEN"
    """
    expect_equal(f'GraphQL error extension "{key}" of {api.last_response(context.state).describe()}',
                 api.graphql_error_part(context.state, "extension", key), api.fill(context.state, value))


@step("after the scenario this GraphQL request is sent {caller:Caller}:")
def graphql_after_scenario(context, caller):
    """Cleanup through the API: the doc string (filled in now) is sent when the scenario ends, before
    the registered rows are deleted; newest first:

        And after the scenario this GraphQL request is sent as "writer":
          \"\"\"
          mutation { deleteAuthorById(input: {id: {author_id}}) { deletedAuthorId } }
          \"\"\"
    """
    api.send_after_scenario(context.state, context.text, caller)


@step('after the scenario a {method:Method} request is sent to "{path}" {caller:Caller}')
def rest_after_scenario(context, method, path, caller):
    """And after the scenario a DELETE request is sent to "/v1/venues/{venue_id}" as "admin\""""
    api.send_rest_after_scenario(context.state, method, path, caller)


@then("the GraphQL request succeeded")
def graphql_succeeded(context):
    """Then the GraphQL request succeeded"""
    expect_equal(f"GraphQL errors of {api.last_response(context.state).describe()}", api.last_response(context.state).errors, [])


@then("the response matches its schema")
def matches_schema(context):
    """REST: the pinned OpenAPI document; GraphQL: the pinned schema (operation and data shape):

        Then the response matches its schema
    """
    expect_equal("contract violations of the last response", api.schema_problems(context.state), [])
