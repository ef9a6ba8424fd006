import sgqlc.types
import sgqlc.types.relay

schema = sgqlc.types.Schema()


# Unexport Node/PageInfo, let schema re-declare them
schema -= sgqlc.types.relay.Node
schema -= sgqlc.types.relay.PageInfo



########################################################################
# Scalars and Enumerations
########################################################################
class AuthorsOrderBy(sgqlc.types.Enum):
    __schema__ = schema
    __choices__ = ('BORN_YEAR_ASC', 'BORN_YEAR_DESC', 'CREATED_AT_ASC', 'CREATED_AT_DESC', 'ID_ASC', 'ID_DESC', 'NAME_ASC', 'NAME_DESC', 'NATURAL', 'PRIMARY_KEY_ASC', 'PRIMARY_KEY_DESC')


class BooksOrderBy(sgqlc.types.Enum):
    __schema__ = schema
    __choices__ = ('AUTHOR_ID_ASC', 'AUTHOR_ID_DESC', 'CREATED_AT_ASC', 'CREATED_AT_DESC', 'ID_ASC', 'ID_DESC', 'ISBN_ASC', 'ISBN_DESC', 'NATURAL', 'PAGES_ASC', 'PAGES_DESC', 'PRIMARY_KEY_ASC', 'PRIMARY_KEY_DESC', 'TITLE_ASC', 'TITLE_DESC')


Boolean = sgqlc.types.Boolean

class Cursor(sgqlc.types.Scalar):
    __schema__ = schema


class Datetime(sgqlc.types.Scalar):
    __schema__ = schema


ID = sgqlc.types.ID

Int = sgqlc.types.Int

String = sgqlc.types.String


########################################################################
# Input Objects
########################################################################
class AuthorCondition(sgqlc.types.Input):
    __schema__ = schema
    __field_names__ = ('id', 'name', 'born_year', 'created_at')
    id = sgqlc.types.Field(Int, graphql_name='id')
    name = sgqlc.types.Field(String, graphql_name='name')
    born_year = sgqlc.types.Field(Int, graphql_name='bornYear')
    created_at = sgqlc.types.Field(Datetime, graphql_name='createdAt')


class AuthorInput(sgqlc.types.Input):
    __schema__ = schema
    __field_names__ = ('id', 'name', 'born_year', 'created_at')
    id = sgqlc.types.Field(Int, graphql_name='id')
    name = sgqlc.types.Field(sgqlc.types.non_null(String), graphql_name='name')
    born_year = sgqlc.types.Field(Int, graphql_name='bornYear')
    created_at = sgqlc.types.Field(Datetime, graphql_name='createdAt')


class AuthorPatch(sgqlc.types.Input):
    __schema__ = schema
    __field_names__ = ('id', 'name', 'born_year', 'created_at')
    id = sgqlc.types.Field(Int, graphql_name='id')
    name = sgqlc.types.Field(String, graphql_name='name')
    born_year = sgqlc.types.Field(Int, graphql_name='bornYear')
    created_at = sgqlc.types.Field(Datetime, graphql_name='createdAt')


class BookCondition(sgqlc.types.Input):
    __schema__ = schema
    __field_names__ = ('id', 'author_id', 'title', 'isbn', 'pages', 'created_at')
    id = sgqlc.types.Field(Int, graphql_name='id')
    author_id = sgqlc.types.Field(Int, graphql_name='authorId')
    title = sgqlc.types.Field(String, graphql_name='title')
    isbn = sgqlc.types.Field(String, graphql_name='isbn')
    pages = sgqlc.types.Field(Int, graphql_name='pages')
    created_at = sgqlc.types.Field(Datetime, graphql_name='createdAt')


class BookInput(sgqlc.types.Input):
    __schema__ = schema
    __field_names__ = ('id', 'author_id', 'title', 'isbn', 'pages', 'created_at')
    id = sgqlc.types.Field(Int, graphql_name='id')
    author_id = sgqlc.types.Field(sgqlc.types.non_null(Int), graphql_name='authorId')
    title = sgqlc.types.Field(sgqlc.types.non_null(String), graphql_name='title')
    isbn = sgqlc.types.Field(String, graphql_name='isbn')
    pages = sgqlc.types.Field(Int, graphql_name='pages')
    created_at = sgqlc.types.Field(Datetime, graphql_name='createdAt')


class BookPatch(sgqlc.types.Input):
    __schema__ = schema
    __field_names__ = ('id', 'author_id', 'title', 'isbn', 'pages', 'created_at')
    id = sgqlc.types.Field(Int, graphql_name='id')
    author_id = sgqlc.types.Field(Int, graphql_name='authorId')
    title = sgqlc.types.Field(String, graphql_name='title')
    isbn = sgqlc.types.Field(String, graphql_name='isbn')
    pages = sgqlc.types.Field(Int, graphql_name='pages')
    created_at = sgqlc.types.Field(Datetime, graphql_name='createdAt')


class CreateAuthorInput(sgqlc.types.Input):
    __schema__ = schema
    __field_names__ = ('client_mutation_id', 'author')
    client_mutation_id = sgqlc.types.Field(String, graphql_name='clientMutationId')
    author = sgqlc.types.Field(sgqlc.types.non_null(AuthorInput), graphql_name='author')


class CreateBookInput(sgqlc.types.Input):
    __schema__ = schema
    __field_names__ = ('client_mutation_id', 'book')
    client_mutation_id = sgqlc.types.Field(String, graphql_name='clientMutationId')
    book = sgqlc.types.Field(sgqlc.types.non_null(BookInput), graphql_name='book')


class DeleteAuthorByIdInput(sgqlc.types.Input):
    __schema__ = schema
    __field_names__ = ('client_mutation_id', 'id')
    client_mutation_id = sgqlc.types.Field(String, graphql_name='clientMutationId')
    id = sgqlc.types.Field(sgqlc.types.non_null(Int), graphql_name='id')


class DeleteAuthorInput(sgqlc.types.Input):
    __schema__ = schema
    __field_names__ = ('client_mutation_id', 'node_id')
    client_mutation_id = sgqlc.types.Field(String, graphql_name='clientMutationId')
    node_id = sgqlc.types.Field(sgqlc.types.non_null(ID), graphql_name='nodeId')


class DeleteBookByIdInput(sgqlc.types.Input):
    __schema__ = schema
    __field_names__ = ('client_mutation_id', 'id')
    client_mutation_id = sgqlc.types.Field(String, graphql_name='clientMutationId')
    id = sgqlc.types.Field(sgqlc.types.non_null(Int), graphql_name='id')


class DeleteBookByIsbnInput(sgqlc.types.Input):
    __schema__ = schema
    __field_names__ = ('client_mutation_id', 'isbn')
    client_mutation_id = sgqlc.types.Field(String, graphql_name='clientMutationId')
    isbn = sgqlc.types.Field(sgqlc.types.non_null(String), graphql_name='isbn')


class DeleteBookInput(sgqlc.types.Input):
    __schema__ = schema
    __field_names__ = ('client_mutation_id', 'node_id')
    client_mutation_id = sgqlc.types.Field(String, graphql_name='clientMutationId')
    node_id = sgqlc.types.Field(sgqlc.types.non_null(ID), graphql_name='nodeId')


class UpdateAuthorByIdInput(sgqlc.types.Input):
    __schema__ = schema
    __field_names__ = ('client_mutation_id', 'author_patch', 'id')
    client_mutation_id = sgqlc.types.Field(String, graphql_name='clientMutationId')
    author_patch = sgqlc.types.Field(sgqlc.types.non_null(AuthorPatch), graphql_name='authorPatch')
    id = sgqlc.types.Field(sgqlc.types.non_null(Int), graphql_name='id')


class UpdateAuthorInput(sgqlc.types.Input):
    __schema__ = schema
    __field_names__ = ('client_mutation_id', 'node_id', 'author_patch')
    client_mutation_id = sgqlc.types.Field(String, graphql_name='clientMutationId')
    node_id = sgqlc.types.Field(sgqlc.types.non_null(ID), graphql_name='nodeId')
    author_patch = sgqlc.types.Field(sgqlc.types.non_null(AuthorPatch), graphql_name='authorPatch')


class UpdateBookByIdInput(sgqlc.types.Input):
    __schema__ = schema
    __field_names__ = ('client_mutation_id', 'book_patch', 'id')
    client_mutation_id = sgqlc.types.Field(String, graphql_name='clientMutationId')
    book_patch = sgqlc.types.Field(sgqlc.types.non_null(BookPatch), graphql_name='bookPatch')
    id = sgqlc.types.Field(sgqlc.types.non_null(Int), graphql_name='id')


class UpdateBookByIsbnInput(sgqlc.types.Input):
    __schema__ = schema
    __field_names__ = ('client_mutation_id', 'book_patch', 'isbn')
    client_mutation_id = sgqlc.types.Field(String, graphql_name='clientMutationId')
    book_patch = sgqlc.types.Field(sgqlc.types.non_null(BookPatch), graphql_name='bookPatch')
    isbn = sgqlc.types.Field(sgqlc.types.non_null(String), graphql_name='isbn')


class UpdateBookInput(sgqlc.types.Input):
    __schema__ = schema
    __field_names__ = ('client_mutation_id', 'node_id', 'book_patch')
    client_mutation_id = sgqlc.types.Field(String, graphql_name='clientMutationId')
    node_id = sgqlc.types.Field(sgqlc.types.non_null(ID), graphql_name='nodeId')
    book_patch = sgqlc.types.Field(sgqlc.types.non_null(BookPatch), graphql_name='bookPatch')



########################################################################
# Output Objects and Interfaces
########################################################################
class Node(sgqlc.types.Interface):
    __schema__ = schema
    __field_names__ = ('node_id',)
    node_id = sgqlc.types.Field(sgqlc.types.non_null(ID), graphql_name='nodeId')


class AuthorsConnection(sgqlc.types.relay.Connection):
    __schema__ = schema
    __field_names__ = ('nodes', 'edges', 'page_info', 'total_count')
    nodes = sgqlc.types.Field(sgqlc.types.non_null(sgqlc.types.list_of(sgqlc.types.non_null('Author'))), graphql_name='nodes')
    edges = sgqlc.types.Field(sgqlc.types.non_null(sgqlc.types.list_of(sgqlc.types.non_null('AuthorsEdge'))), graphql_name='edges')
    page_info = sgqlc.types.Field(sgqlc.types.non_null('PageInfo'), graphql_name='pageInfo')
    total_count = sgqlc.types.Field(sgqlc.types.non_null(Int), graphql_name='totalCount')


class AuthorsEdge(sgqlc.types.Type):
    __schema__ = schema
    __field_names__ = ('cursor', 'node')
    cursor = sgqlc.types.Field(Cursor, graphql_name='cursor')
    node = sgqlc.types.Field(sgqlc.types.non_null('Author'), graphql_name='node')


class BooksConnection(sgqlc.types.relay.Connection):
    __schema__ = schema
    __field_names__ = ('nodes', 'edges', 'page_info', 'total_count')
    nodes = sgqlc.types.Field(sgqlc.types.non_null(sgqlc.types.list_of(sgqlc.types.non_null('Book'))), graphql_name='nodes')
    edges = sgqlc.types.Field(sgqlc.types.non_null(sgqlc.types.list_of(sgqlc.types.non_null('BooksEdge'))), graphql_name='edges')
    page_info = sgqlc.types.Field(sgqlc.types.non_null('PageInfo'), graphql_name='pageInfo')
    total_count = sgqlc.types.Field(sgqlc.types.non_null(Int), graphql_name='totalCount')


class BooksEdge(sgqlc.types.Type):
    __schema__ = schema
    __field_names__ = ('cursor', 'node')
    cursor = sgqlc.types.Field(Cursor, graphql_name='cursor')
    node = sgqlc.types.Field(sgqlc.types.non_null('Book'), graphql_name='node')


class CreateAuthorPayload(sgqlc.types.Type):
    __schema__ = schema
    __field_names__ = ('client_mutation_id', 'author', 'query', 'author_edge')
    client_mutation_id = sgqlc.types.Field(String, graphql_name='clientMutationId')
    author = sgqlc.types.Field('Author', graphql_name='author')
    query = sgqlc.types.Field('Query', graphql_name='query')
    author_edge = sgqlc.types.Field(AuthorsEdge, graphql_name='authorEdge', args=sgqlc.types.ArgDict((
        ('order_by', sgqlc.types.Arg(sgqlc.types.list_of(sgqlc.types.non_null(AuthorsOrderBy)), graphql_name='orderBy', default=('PRIMARY_KEY_ASC',))),
))
    )


class CreateBookPayload(sgqlc.types.Type):
    __schema__ = schema
    __field_names__ = ('client_mutation_id', 'book', 'query', 'author_by_author_id', 'book_edge')
    client_mutation_id = sgqlc.types.Field(String, graphql_name='clientMutationId')
    book = sgqlc.types.Field('Book', graphql_name='book')
    query = sgqlc.types.Field('Query', graphql_name='query')
    author_by_author_id = sgqlc.types.Field('Author', graphql_name='authorByAuthorId')
    book_edge = sgqlc.types.Field(BooksEdge, graphql_name='bookEdge', args=sgqlc.types.ArgDict((
        ('order_by', sgqlc.types.Arg(sgqlc.types.list_of(sgqlc.types.non_null(BooksOrderBy)), graphql_name='orderBy', default=('PRIMARY_KEY_ASC',))),
))
    )


class DeleteAuthorPayload(sgqlc.types.Type):
    __schema__ = schema
    __field_names__ = ('client_mutation_id', 'author', 'deleted_author_id', 'query', 'author_edge')
    client_mutation_id = sgqlc.types.Field(String, graphql_name='clientMutationId')
    author = sgqlc.types.Field('Author', graphql_name='author')
    deleted_author_id = sgqlc.types.Field(ID, graphql_name='deletedAuthorId')
    query = sgqlc.types.Field('Query', graphql_name='query')
    author_edge = sgqlc.types.Field(AuthorsEdge, graphql_name='authorEdge', args=sgqlc.types.ArgDict((
        ('order_by', sgqlc.types.Arg(sgqlc.types.list_of(sgqlc.types.non_null(AuthorsOrderBy)), graphql_name='orderBy', default=('PRIMARY_KEY_ASC',))),
))
    )


class DeleteBookPayload(sgqlc.types.Type):
    __schema__ = schema
    __field_names__ = ('client_mutation_id', 'book', 'deleted_book_id', 'query', 'author_by_author_id', 'book_edge')
    client_mutation_id = sgqlc.types.Field(String, graphql_name='clientMutationId')
    book = sgqlc.types.Field('Book', graphql_name='book')
    deleted_book_id = sgqlc.types.Field(ID, graphql_name='deletedBookId')
    query = sgqlc.types.Field('Query', graphql_name='query')
    author_by_author_id = sgqlc.types.Field('Author', graphql_name='authorByAuthorId')
    book_edge = sgqlc.types.Field(BooksEdge, graphql_name='bookEdge', args=sgqlc.types.ArgDict((
        ('order_by', sgqlc.types.Arg(sgqlc.types.list_of(sgqlc.types.non_null(BooksOrderBy)), graphql_name='orderBy', default=('PRIMARY_KEY_ASC',))),
))
    )


class Mutation(sgqlc.types.Type):
    __schema__ = schema
    __field_names__ = ('create_author', 'create_book', 'update_author', 'update_author_by_id', 'update_book', 'update_book_by_id', 'update_book_by_isbn', 'delete_author', 'delete_author_by_id', 'delete_book', 'delete_book_by_id', 'delete_book_by_isbn')
    create_author = sgqlc.types.Field(CreateAuthorPayload, graphql_name='createAuthor', args=sgqlc.types.ArgDict((
        ('input', sgqlc.types.Arg(sgqlc.types.non_null(CreateAuthorInput), graphql_name='input', default=None)),
))
    )
    create_book = sgqlc.types.Field(CreateBookPayload, graphql_name='createBook', args=sgqlc.types.ArgDict((
        ('input', sgqlc.types.Arg(sgqlc.types.non_null(CreateBookInput), graphql_name='input', default=None)),
))
    )
    update_author = sgqlc.types.Field('UpdateAuthorPayload', graphql_name='updateAuthor', args=sgqlc.types.ArgDict((
        ('input', sgqlc.types.Arg(sgqlc.types.non_null(UpdateAuthorInput), graphql_name='input', default=None)),
))
    )
    update_author_by_id = sgqlc.types.Field('UpdateAuthorPayload', graphql_name='updateAuthorById', args=sgqlc.types.ArgDict((
        ('input', sgqlc.types.Arg(sgqlc.types.non_null(UpdateAuthorByIdInput), graphql_name='input', default=None)),
))
    )
    update_book = sgqlc.types.Field('UpdateBookPayload', graphql_name='updateBook', args=sgqlc.types.ArgDict((
        ('input', sgqlc.types.Arg(sgqlc.types.non_null(UpdateBookInput), graphql_name='input', default=None)),
))
    )
    update_book_by_id = sgqlc.types.Field('UpdateBookPayload', graphql_name='updateBookById', args=sgqlc.types.ArgDict((
        ('input', sgqlc.types.Arg(sgqlc.types.non_null(UpdateBookByIdInput), graphql_name='input', default=None)),
))
    )
    update_book_by_isbn = sgqlc.types.Field('UpdateBookPayload', graphql_name='updateBookByIsbn', args=sgqlc.types.ArgDict((
        ('input', sgqlc.types.Arg(sgqlc.types.non_null(UpdateBookByIsbnInput), graphql_name='input', default=None)),
))
    )
    delete_author = sgqlc.types.Field(DeleteAuthorPayload, graphql_name='deleteAuthor', args=sgqlc.types.ArgDict((
        ('input', sgqlc.types.Arg(sgqlc.types.non_null(DeleteAuthorInput), graphql_name='input', default=None)),
))
    )
    delete_author_by_id = sgqlc.types.Field(DeleteAuthorPayload, graphql_name='deleteAuthorById', args=sgqlc.types.ArgDict((
        ('input', sgqlc.types.Arg(sgqlc.types.non_null(DeleteAuthorByIdInput), graphql_name='input', default=None)),
))
    )
    delete_book = sgqlc.types.Field(DeleteBookPayload, graphql_name='deleteBook', args=sgqlc.types.ArgDict((
        ('input', sgqlc.types.Arg(sgqlc.types.non_null(DeleteBookInput), graphql_name='input', default=None)),
))
    )
    delete_book_by_id = sgqlc.types.Field(DeleteBookPayload, graphql_name='deleteBookById', args=sgqlc.types.ArgDict((
        ('input', sgqlc.types.Arg(sgqlc.types.non_null(DeleteBookByIdInput), graphql_name='input', default=None)),
))
    )
    delete_book_by_isbn = sgqlc.types.Field(DeleteBookPayload, graphql_name='deleteBookByIsbn', args=sgqlc.types.ArgDict((
        ('input', sgqlc.types.Arg(sgqlc.types.non_null(DeleteBookByIsbnInput), graphql_name='input', default=None)),
))
    )


class PageInfo(sgqlc.types.Type):
    __schema__ = schema
    __field_names__ = ('has_next_page', 'has_previous_page', 'start_cursor', 'end_cursor')
    has_next_page = sgqlc.types.Field(sgqlc.types.non_null(Boolean), graphql_name='hasNextPage')
    has_previous_page = sgqlc.types.Field(sgqlc.types.non_null(Boolean), graphql_name='hasPreviousPage')
    start_cursor = sgqlc.types.Field(Cursor, graphql_name='startCursor')
    end_cursor = sgqlc.types.Field(Cursor, graphql_name='endCursor')


class UpdateAuthorPayload(sgqlc.types.Type):
    __schema__ = schema
    __field_names__ = ('client_mutation_id', 'author', 'query', 'author_edge')
    client_mutation_id = sgqlc.types.Field(String, graphql_name='clientMutationId')
    author = sgqlc.types.Field('Author', graphql_name='author')
    query = sgqlc.types.Field('Query', graphql_name='query')
    author_edge = sgqlc.types.Field(AuthorsEdge, graphql_name='authorEdge', args=sgqlc.types.ArgDict((
        ('order_by', sgqlc.types.Arg(sgqlc.types.list_of(sgqlc.types.non_null(AuthorsOrderBy)), graphql_name='orderBy', default=('PRIMARY_KEY_ASC',))),
))
    )


class UpdateBookPayload(sgqlc.types.Type):
    __schema__ = schema
    __field_names__ = ('client_mutation_id', 'book', 'query', 'author_by_author_id', 'book_edge')
    client_mutation_id = sgqlc.types.Field(String, graphql_name='clientMutationId')
    book = sgqlc.types.Field('Book', graphql_name='book')
    query = sgqlc.types.Field('Query', graphql_name='query')
    author_by_author_id = sgqlc.types.Field('Author', graphql_name='authorByAuthorId')
    book_edge = sgqlc.types.Field(BooksEdge, graphql_name='bookEdge', args=sgqlc.types.ArgDict((
        ('order_by', sgqlc.types.Arg(sgqlc.types.list_of(sgqlc.types.non_null(BooksOrderBy)), graphql_name='orderBy', default=('PRIMARY_KEY_ASC',))),
))
    )


class Author(sgqlc.types.Type, Node):
    __schema__ = schema
    __field_names__ = ('id', 'name', 'born_year', 'created_at', 'books_by_author_id')
    id = sgqlc.types.Field(sgqlc.types.non_null(Int), graphql_name='id')
    name = sgqlc.types.Field(sgqlc.types.non_null(String), graphql_name='name')
    born_year = sgqlc.types.Field(Int, graphql_name='bornYear')
    created_at = sgqlc.types.Field(sgqlc.types.non_null(Datetime), graphql_name='createdAt')
    books_by_author_id = sgqlc.types.Field(sgqlc.types.non_null(BooksConnection), graphql_name='booksByAuthorId', args=sgqlc.types.ArgDict((
        ('first', sgqlc.types.Arg(Int, graphql_name='first', default=None)),
        ('last', sgqlc.types.Arg(Int, graphql_name='last', default=None)),
        ('offset', sgqlc.types.Arg(Int, graphql_name='offset', default=None)),
        ('before', sgqlc.types.Arg(Cursor, graphql_name='before', default=None)),
        ('after', sgqlc.types.Arg(Cursor, graphql_name='after', default=None)),
        ('order_by', sgqlc.types.Arg(sgqlc.types.list_of(sgqlc.types.non_null(BooksOrderBy)), graphql_name='orderBy', default=('PRIMARY_KEY_ASC',))),
        ('condition', sgqlc.types.Arg(BookCondition, graphql_name='condition', default=None)),
))
    )


class Book(sgqlc.types.Type, Node):
    __schema__ = schema
    __field_names__ = ('id', 'author_id', 'title', 'isbn', 'pages', 'created_at', 'author_by_author_id')
    id = sgqlc.types.Field(sgqlc.types.non_null(Int), graphql_name='id')
    author_id = sgqlc.types.Field(sgqlc.types.non_null(Int), graphql_name='authorId')
    title = sgqlc.types.Field(sgqlc.types.non_null(String), graphql_name='title')
    isbn = sgqlc.types.Field(String, graphql_name='isbn')
    pages = sgqlc.types.Field(Int, graphql_name='pages')
    created_at = sgqlc.types.Field(sgqlc.types.non_null(Datetime), graphql_name='createdAt')
    author_by_author_id = sgqlc.types.Field(Author, graphql_name='authorByAuthorId')


class Query(sgqlc.types.Type, Node):
    __schema__ = schema
    __field_names__ = ('query', 'node', 'all_authors', 'all_books', 'author_by_id', 'book_by_id', 'book_by_isbn', 'author', 'book')
    query = sgqlc.types.Field(sgqlc.types.non_null('Query'), graphql_name='query')
    node = sgqlc.types.Field(Node, graphql_name='node', args=sgqlc.types.ArgDict((
        ('node_id', sgqlc.types.Arg(sgqlc.types.non_null(ID), graphql_name='nodeId', default=None)),
))
    )
    all_authors = sgqlc.types.Field(AuthorsConnection, graphql_name='allAuthors', args=sgqlc.types.ArgDict((
        ('first', sgqlc.types.Arg(Int, graphql_name='first', default=None)),
        ('last', sgqlc.types.Arg(Int, graphql_name='last', default=None)),
        ('offset', sgqlc.types.Arg(Int, graphql_name='offset', default=None)),
        ('before', sgqlc.types.Arg(Cursor, graphql_name='before', default=None)),
        ('after', sgqlc.types.Arg(Cursor, graphql_name='after', default=None)),
        ('order_by', sgqlc.types.Arg(sgqlc.types.list_of(sgqlc.types.non_null(AuthorsOrderBy)), graphql_name='orderBy', default=('PRIMARY_KEY_ASC',))),
        ('condition', sgqlc.types.Arg(AuthorCondition, graphql_name='condition', default=None)),
))
    )
    all_books = sgqlc.types.Field(BooksConnection, graphql_name='allBooks', args=sgqlc.types.ArgDict((
        ('first', sgqlc.types.Arg(Int, graphql_name='first', default=None)),
        ('last', sgqlc.types.Arg(Int, graphql_name='last', default=None)),
        ('offset', sgqlc.types.Arg(Int, graphql_name='offset', default=None)),
        ('before', sgqlc.types.Arg(Cursor, graphql_name='before', default=None)),
        ('after', sgqlc.types.Arg(Cursor, graphql_name='after', default=None)),
        ('order_by', sgqlc.types.Arg(sgqlc.types.list_of(sgqlc.types.non_null(BooksOrderBy)), graphql_name='orderBy', default=('PRIMARY_KEY_ASC',))),
        ('condition', sgqlc.types.Arg(BookCondition, graphql_name='condition', default=None)),
))
    )
    author_by_id = sgqlc.types.Field(Author, graphql_name='authorById', args=sgqlc.types.ArgDict((
        ('id', sgqlc.types.Arg(sgqlc.types.non_null(Int), graphql_name='id', default=None)),
))
    )
    book_by_id = sgqlc.types.Field(Book, graphql_name='bookById', args=sgqlc.types.ArgDict((
        ('id', sgqlc.types.Arg(sgqlc.types.non_null(Int), graphql_name='id', default=None)),
))
    )
    book_by_isbn = sgqlc.types.Field(Book, graphql_name='bookByIsbn', args=sgqlc.types.ArgDict((
        ('isbn', sgqlc.types.Arg(sgqlc.types.non_null(String), graphql_name='isbn', default=None)),
))
    )
    author = sgqlc.types.Field(Author, graphql_name='author', args=sgqlc.types.ArgDict((
        ('node_id', sgqlc.types.Arg(sgqlc.types.non_null(ID), graphql_name='nodeId', default=None)),
))
    )
    book = sgqlc.types.Field(Book, graphql_name='book', args=sgqlc.types.ArgDict((
        ('node_id', sgqlc.types.Arg(sgqlc.types.non_null(ID), graphql_name='nodeId', default=None)),
))
    )



########################################################################
# Unions
########################################################################

########################################################################
# Schema Entry Points
########################################################################
schema.query_type = Query
schema.mutation_type = Mutation
schema.subscription_type = None

