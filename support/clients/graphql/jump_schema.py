import sgqlc.types
import sgqlc.types.datetime
import sgqlc.types.relay


jump_schema = sgqlc.types.Schema()


# Unexport Node/PageInfo, let schema re-declare them
jump_schema -= sgqlc.types.relay.Node
jump_schema -= sgqlc.types.relay.PageInfo



########################################################################
# Scalars and Enumerations
########################################################################
Boolean = sgqlc.types.Boolean

Date = sgqlc.types.datetime.Date

DateTime = sgqlc.types.datetime.DateTime

class EntitlementStatus(sgqlc.types.Enum):
    __schema__ = jump_schema
    __choices__ = ('VALID', 'VOID')


class EventStatus(sgqlc.types.Enum):
    __schema__ = jump_schema
    __choices__ = ('CANCELLED', 'COMPLETED', 'DRAFT', 'ON_SALE', 'SOLD_OUT')


ID = sgqlc.types.ID

Int = sgqlc.types.Int

class JSON(sgqlc.types.Scalar):
    __schema__ = jump_schema


class OrderStatus(sgqlc.types.Enum):
    __schema__ = jump_schema
    __choices__ = ('CANCELLED', 'PAID', 'PENDING', 'REFUNDED')


class PaymentStatus(sgqlc.types.Enum):
    __schema__ = jump_schema
    __choices__ = ('AUTHORIZED', 'CAPTURED', 'DECLINED', 'REFUNDED')


class ReservationStatus(sgqlc.types.Enum):
    __schema__ = jump_schema
    __choices__ = ('ACTIVE', 'CONVERTED', 'EXPIRED', 'RELEASED')


String = sgqlc.types.String


########################################################################
# Input Objects
########################################################################
class CheckoutInput(sgqlc.types.Input):
    __schema__ = jump_schema
    __field_names__ = ('availability_token', 'payment_token', 'idempotency_key')
    availability_token = sgqlc.types.Field(sgqlc.types.non_null(String), graphql_name='availabilityToken')
    payment_token = sgqlc.types.Field(sgqlc.types.non_null(String), graphql_name='paymentToken')
    idempotency_key = sgqlc.types.Field(sgqlc.types.non_null(String), graphql_name='idempotencyKey')


class EventFilter(sgqlc.types.Input):
    __schema__ = jump_schema
    __field_names__ = ('venue_id', 'season_id', 'performer_id', 'status', 'starts_after', 'starts_before')
    venue_id = sgqlc.types.Field(ID, graphql_name='venueId')
    season_id = sgqlc.types.Field(ID, graphql_name='seasonId')
    performer_id = sgqlc.types.Field(ID, graphql_name='performerId')
    status = sgqlc.types.Field(EventStatus, graphql_name='status')
    starts_after = sgqlc.types.Field(DateTime, graphql_name='startsAfter')
    starts_before = sgqlc.types.Field(DateTime, graphql_name='startsBefore')


class ReserveSeatsInput(sgqlc.types.Input):
    __schema__ = jump_schema
    __field_names__ = ('event_id', 'quantity', 'price_type', 'section', 'offer_id', 'access_code', 'idempotency_key')
    event_id = sgqlc.types.Field(sgqlc.types.non_null(ID), graphql_name='eventId')
    quantity = sgqlc.types.Field(sgqlc.types.non_null(Int), graphql_name='quantity')
    price_type = sgqlc.types.Field(sgqlc.types.non_null(String), graphql_name='priceType')
    section = sgqlc.types.Field(String, graphql_name='section')
    offer_id = sgqlc.types.Field(ID, graphql_name='offerId')
    access_code = sgqlc.types.Field(String, graphql_name='accessCode')
    idempotency_key = sgqlc.types.Field(String, graphql_name='idempotencyKey')


class UpdateProfileInput(sgqlc.types.Input):
    __schema__ = jump_schema
    __field_names__ = ('first_name', 'last_name', 'phone')
    first_name = sgqlc.types.Field(String, graphql_name='firstName')
    last_name = sgqlc.types.Field(String, graphql_name='lastName')
    phone = sgqlc.types.Field(String, graphql_name='phone')



########################################################################
# Output Objects and Interfaces
########################################################################
class Availability(sgqlc.types.Type):
    __schema__ = jump_schema
    __field_names__ = ('event_id', 'status', 'total_available', 'sections')
    event_id = sgqlc.types.Field(sgqlc.types.non_null(ID), graphql_name='eventId')
    status = sgqlc.types.Field(sgqlc.types.non_null(EventStatus), graphql_name='status')
    total_available = sgqlc.types.Field(sgqlc.types.non_null(Int), graphql_name='totalAvailable')
    sections = sgqlc.types.Field(sgqlc.types.non_null(sgqlc.types.list_of(sgqlc.types.non_null('SectionAvailability'))), graphql_name='sections')


class DeleteProfileResult(sgqlc.types.Type):
    __schema__ = jump_schema
    __field_names__ = ('fan_id', 'erased_at', 'released_reservations', 'orders_kept')
    fan_id = sgqlc.types.Field(sgqlc.types.non_null(ID), graphql_name='fanId')
    erased_at = sgqlc.types.Field(sgqlc.types.non_null(DateTime), graphql_name='erasedAt')
    released_reservations = sgqlc.types.Field(sgqlc.types.non_null(Int), graphql_name='releasedReservations')
    orders_kept = sgqlc.types.Field(sgqlc.types.non_null(Int), graphql_name='ordersKept')


class Entitlement(sgqlc.types.Type):
    __schema__ = jump_schema
    __field_names__ = ('id', 'barcode', 'gate_access_level', 'status', 'seat')
    id = sgqlc.types.Field(sgqlc.types.non_null(ID), graphql_name='id')
    barcode = sgqlc.types.Field(sgqlc.types.non_null(String), graphql_name='barcode')
    gate_access_level = sgqlc.types.Field(sgqlc.types.non_null(String), graphql_name='gateAccessLevel')
    status = sgqlc.types.Field(sgqlc.types.non_null(EntitlementStatus), graphql_name='status')
    seat = sgqlc.types.Field(sgqlc.types.non_null('Seat'), graphql_name='seat')


class Event(sgqlc.types.Type):
    __schema__ = jump_schema
    __field_names__ = ('id', 'name', 'description', 'status', 'starts_at', 'ends_at', 'max_tickets_per_fan', 'venue', 'season', 'performers')
    id = sgqlc.types.Field(sgqlc.types.non_null(ID), graphql_name='id')
    name = sgqlc.types.Field(sgqlc.types.non_null(String), graphql_name='name')
    description = sgqlc.types.Field(String, graphql_name='description')
    status = sgqlc.types.Field(sgqlc.types.non_null(EventStatus), graphql_name='status')
    starts_at = sgqlc.types.Field(sgqlc.types.non_null(DateTime), graphql_name='startsAt')
    ends_at = sgqlc.types.Field(DateTime, graphql_name='endsAt')
    max_tickets_per_fan = sgqlc.types.Field(sgqlc.types.non_null(Int), graphql_name='maxTicketsPerFan')
    venue = sgqlc.types.Field(sgqlc.types.non_null('Venue'), graphql_name='venue')
    season = sgqlc.types.Field('Season', graphql_name='season')
    performers = sgqlc.types.Field(sgqlc.types.non_null(sgqlc.types.list_of(sgqlc.types.non_null('Performer'))), graphql_name='performers')


class EventConnection(sgqlc.types.relay.Connection):
    __schema__ = jump_schema
    __field_names__ = ('edges', 'page_info', 'total_count')
    edges = sgqlc.types.Field(sgqlc.types.non_null(sgqlc.types.list_of(sgqlc.types.non_null('EventEdge'))), graphql_name='edges')
    page_info = sgqlc.types.Field(sgqlc.types.non_null('PageInfo'), graphql_name='pageInfo')
    total_count = sgqlc.types.Field(sgqlc.types.non_null(Int), graphql_name='totalCount')


class EventEdge(sgqlc.types.Type):
    __schema__ = jump_schema
    __field_names__ = ('cursor', 'node')
    cursor = sgqlc.types.Field(sgqlc.types.non_null(String), graphql_name='cursor')
    node = sgqlc.types.Field(sgqlc.types.non_null(Event), graphql_name='node')


class Fan(sgqlc.types.Type):
    __schema__ = jump_schema
    __field_names__ = ('id', 'email', 'first_name', 'last_name', 'phone', 'attributes', 'erased_at')
    id = sgqlc.types.Field(sgqlc.types.non_null(ID), graphql_name='id')
    email = sgqlc.types.Field(String, graphql_name='email')
    first_name = sgqlc.types.Field(String, graphql_name='firstName')
    last_name = sgqlc.types.Field(String, graphql_name='lastName')
    phone = sgqlc.types.Field(String, graphql_name='phone')
    attributes = sgqlc.types.Field(sgqlc.types.non_null(JSON), graphql_name='attributes')
    erased_at = sgqlc.types.Field(DateTime, graphql_name='erasedAt')


class LineItem(sgqlc.types.Type):
    __schema__ = jump_schema
    __field_names__ = ('seat', 'price_type', 'base_cents', 'fees_cents', 'tax_cents', 'total_cents')
    seat = sgqlc.types.Field(sgqlc.types.non_null('Seat'), graphql_name='seat')
    price_type = sgqlc.types.Field(sgqlc.types.non_null(String), graphql_name='priceType')
    base_cents = sgqlc.types.Field(sgqlc.types.non_null(Int), graphql_name='baseCents')
    fees_cents = sgqlc.types.Field(sgqlc.types.non_null(Int), graphql_name='feesCents')
    tax_cents = sgqlc.types.Field(sgqlc.types.non_null(Int), graphql_name='taxCents')
    total_cents = sgqlc.types.Field(sgqlc.types.non_null(Int), graphql_name='totalCents')


class Mutation(sgqlc.types.Type):
    __schema__ = jump_schema
    __field_names__ = ('reserve_seats', 'release_reservation', 'checkout', 'cancel_order', 'update_my_profile', 'delete_my_profile')
    reserve_seats = sgqlc.types.Field(sgqlc.types.non_null('Reservation'), graphql_name='reserveSeats', args=sgqlc.types.ArgDict((
        ('input', sgqlc.types.Arg(sgqlc.types.non_null(ReserveSeatsInput), graphql_name='input', default=None)),
))
    )
    release_reservation = sgqlc.types.Field(sgqlc.types.non_null('Reservation'), graphql_name='releaseReservation', args=sgqlc.types.ArgDict((
        ('availability_token', sgqlc.types.Arg(sgqlc.types.non_null(String), graphql_name='availabilityToken', default=None)),
))
    )
    checkout = sgqlc.types.Field(sgqlc.types.non_null('Order'), graphql_name='checkout', args=sgqlc.types.ArgDict((
        ('input', sgqlc.types.Arg(sgqlc.types.non_null(CheckoutInput), graphql_name='input', default=None)),
))
    )
    cancel_order = sgqlc.types.Field(sgqlc.types.non_null('Order'), graphql_name='cancelOrder', args=sgqlc.types.ArgDict((
        ('order_id', sgqlc.types.Arg(sgqlc.types.non_null(ID), graphql_name='orderId', default=None)),
))
    )
    update_my_profile = sgqlc.types.Field(sgqlc.types.non_null(Fan), graphql_name='updateMyProfile', args=sgqlc.types.ArgDict((
        ('input', sgqlc.types.Arg(sgqlc.types.non_null(UpdateProfileInput), graphql_name='input', default=None)),
))
    )
    delete_my_profile = sgqlc.types.Field(sgqlc.types.non_null(DeleteProfileResult), graphql_name='deleteMyProfile')


class Offer(sgqlc.types.Type):
    __schema__ = jump_schema
    __field_names__ = ('id', 'name', 'starts_at', 'ends_at', 'requires_access_code')
    id = sgqlc.types.Field(sgqlc.types.non_null(ID), graphql_name='id')
    name = sgqlc.types.Field(sgqlc.types.non_null(String), graphql_name='name')
    starts_at = sgqlc.types.Field(sgqlc.types.non_null(DateTime), graphql_name='startsAt')
    ends_at = sgqlc.types.Field(sgqlc.types.non_null(DateTime), graphql_name='endsAt')
    requires_access_code = sgqlc.types.Field(sgqlc.types.non_null(Boolean), graphql_name='requiresAccessCode')


class Order(sgqlc.types.Type):
    __schema__ = jump_schema
    __field_names__ = ('id', 'status', 'event_id', 'total_cents', 'idempotency_key', 'created_at', 'items', 'entitlements', 'payments', 'fan')
    id = sgqlc.types.Field(sgqlc.types.non_null(ID), graphql_name='id')
    status = sgqlc.types.Field(sgqlc.types.non_null(OrderStatus), graphql_name='status')
    event_id = sgqlc.types.Field(sgqlc.types.non_null(ID), graphql_name='eventId')
    total_cents = sgqlc.types.Field(sgqlc.types.non_null(Int), graphql_name='totalCents')
    idempotency_key = sgqlc.types.Field(sgqlc.types.non_null(String), graphql_name='idempotencyKey')
    created_at = sgqlc.types.Field(sgqlc.types.non_null(DateTime), graphql_name='createdAt')
    items = sgqlc.types.Field(sgqlc.types.non_null(sgqlc.types.list_of(sgqlc.types.non_null(LineItem))), graphql_name='items')
    entitlements = sgqlc.types.Field(sgqlc.types.non_null(sgqlc.types.list_of(sgqlc.types.non_null(Entitlement))), graphql_name='entitlements')
    payments = sgqlc.types.Field(sgqlc.types.non_null(sgqlc.types.list_of(sgqlc.types.non_null('Payment'))), graphql_name='payments')
    fan = sgqlc.types.Field(sgqlc.types.non_null(Fan), graphql_name='fan')


class PageInfo(sgqlc.types.Type):
    __schema__ = jump_schema
    __field_names__ = ('has_next_page', 'end_cursor')
    has_next_page = sgqlc.types.Field(sgqlc.types.non_null(Boolean), graphql_name='hasNextPage')
    end_cursor = sgqlc.types.Field(String, graphql_name='endCursor')


class Payment(sgqlc.types.Type):
    __schema__ = jump_schema
    __field_names__ = ('id', 'status', 'amount_cents', 'method', 'idempotency_key', 'decline_reason', 'created_at')
    id = sgqlc.types.Field(sgqlc.types.non_null(ID), graphql_name='id')
    status = sgqlc.types.Field(sgqlc.types.non_null(PaymentStatus), graphql_name='status')
    amount_cents = sgqlc.types.Field(sgqlc.types.non_null(Int), graphql_name='amountCents')
    method = sgqlc.types.Field(sgqlc.types.non_null(String), graphql_name='method')
    idempotency_key = sgqlc.types.Field(sgqlc.types.non_null(String), graphql_name='idempotencyKey')
    decline_reason = sgqlc.types.Field(String, graphql_name='declineReason')
    created_at = sgqlc.types.Field(sgqlc.types.non_null(DateTime), graphql_name='createdAt')


class Performer(sgqlc.types.Type):
    __schema__ = jump_schema
    __field_names__ = ('id', 'name', 'genre')
    id = sgqlc.types.Field(sgqlc.types.non_null(ID), graphql_name='id')
    name = sgqlc.types.Field(sgqlc.types.non_null(String), graphql_name='name')
    genre = sgqlc.types.Field(String, graphql_name='genre')


class PriceBreakdown(sgqlc.types.Type):
    __schema__ = jump_schema
    __field_names__ = ('price_type', 'base_cents', 'fees_cents', 'tax_cents', 'total_cents')
    price_type = sgqlc.types.Field(sgqlc.types.non_null(String), graphql_name='priceType')
    base_cents = sgqlc.types.Field(sgqlc.types.non_null(Int), graphql_name='baseCents')
    fees_cents = sgqlc.types.Field(sgqlc.types.non_null(Int), graphql_name='feesCents')
    tax_cents = sgqlc.types.Field(sgqlc.types.non_null(Int), graphql_name='taxCents')
    total_cents = sgqlc.types.Field(sgqlc.types.non_null(Int), graphql_name='totalCents')


class Query(sgqlc.types.Type):
    __schema__ = jump_schema
    __field_names__ = ('events', 'event', 'availability', 'offers', 'me', 'order', 'my_orders')
    events = sgqlc.types.Field(EventConnection, graphql_name='events', args=sgqlc.types.ArgDict((
        ('filter', sgqlc.types.Arg(EventFilter, graphql_name='filter', default=None)),
        ('first', sgqlc.types.Arg(Int, graphql_name='first', default=20)),
        ('after', sgqlc.types.Arg(String, graphql_name='after', default=None)),
))
    )
    event = sgqlc.types.Field(Event, graphql_name='event', args=sgqlc.types.ArgDict((
        ('id', sgqlc.types.Arg(sgqlc.types.non_null(ID), graphql_name='id', default=None)),
))
    )
    availability = sgqlc.types.Field(Availability, graphql_name='availability', args=sgqlc.types.ArgDict((
        ('event_id', sgqlc.types.Arg(sgqlc.types.non_null(ID), graphql_name='eventId', default=None)),
))
    )
    offers = sgqlc.types.Field(sgqlc.types.non_null(sgqlc.types.list_of(sgqlc.types.non_null(Offer))), graphql_name='offers', args=sgqlc.types.ArgDict((
        ('event_id', sgqlc.types.Arg(sgqlc.types.non_null(ID), graphql_name='eventId', default=None)),
))
    )
    me = sgqlc.types.Field(Fan, graphql_name='me')
    order = sgqlc.types.Field(Order, graphql_name='order', args=sgqlc.types.ArgDict((
        ('id', sgqlc.types.Arg(sgqlc.types.non_null(ID), graphql_name='id', default=None)),
))
    )
    my_orders = sgqlc.types.Field(sgqlc.types.non_null(sgqlc.types.list_of(sgqlc.types.non_null(Order))), graphql_name='myOrders')


class Reservation(sgqlc.types.Type):
    __schema__ = jump_schema
    __field_names__ = ('id', 'availability_token', 'expires_at', 'status', 'event_id', 'offer_id', 'seats', 'items', 'total_cents')
    id = sgqlc.types.Field(sgqlc.types.non_null(ID), graphql_name='id')
    availability_token = sgqlc.types.Field(sgqlc.types.non_null(String), graphql_name='availabilityToken')
    expires_at = sgqlc.types.Field(sgqlc.types.non_null(DateTime), graphql_name='expiresAt')
    status = sgqlc.types.Field(sgqlc.types.non_null(ReservationStatus), graphql_name='status')
    event_id = sgqlc.types.Field(sgqlc.types.non_null(ID), graphql_name='eventId')
    offer_id = sgqlc.types.Field(ID, graphql_name='offerId')
    seats = sgqlc.types.Field(sgqlc.types.non_null(sgqlc.types.list_of(sgqlc.types.non_null('Seat'))), graphql_name='seats')
    items = sgqlc.types.Field(sgqlc.types.non_null(sgqlc.types.list_of(sgqlc.types.non_null(LineItem))), graphql_name='items')
    total_cents = sgqlc.types.Field(sgqlc.types.non_null(Int), graphql_name='totalCents')


class Season(sgqlc.types.Type):
    __schema__ = jump_schema
    __field_names__ = ('id', 'name', 'starts_on', 'ends_on')
    id = sgqlc.types.Field(sgqlc.types.non_null(ID), graphql_name='id')
    name = sgqlc.types.Field(sgqlc.types.non_null(String), graphql_name='name')
    starts_on = sgqlc.types.Field(sgqlc.types.non_null(Date), graphql_name='startsOn')
    ends_on = sgqlc.types.Field(sgqlc.types.non_null(Date), graphql_name='endsOn')


class Seat(sgqlc.types.Type):
    __schema__ = jump_schema
    __field_names__ = ('id', 'section', 'row', 'seat')
    id = sgqlc.types.Field(sgqlc.types.non_null(ID), graphql_name='id')
    section = sgqlc.types.Field(sgqlc.types.non_null(String), graphql_name='section')
    row = sgqlc.types.Field(sgqlc.types.non_null(String), graphql_name='row')
    seat = sgqlc.types.Field(sgqlc.types.non_null(Int), graphql_name='seat')


class SectionAvailability(sgqlc.types.Type):
    __schema__ = jump_schema
    __field_names__ = ('section', 'price_code', 'available', 'offer_id', 'prices')
    section = sgqlc.types.Field(sgqlc.types.non_null(String), graphql_name='section')
    price_code = sgqlc.types.Field(sgqlc.types.non_null(String), graphql_name='priceCode')
    available = sgqlc.types.Field(sgqlc.types.non_null(Int), graphql_name='available')
    offer_id = sgqlc.types.Field(ID, graphql_name='offerId')
    prices = sgqlc.types.Field(sgqlc.types.non_null(sgqlc.types.list_of(sgqlc.types.non_null(PriceBreakdown))), graphql_name='prices')


class Venue(sgqlc.types.Type):
    __schema__ = jump_schema
    __field_names__ = ('id', 'name', 'city', 'country')
    id = sgqlc.types.Field(sgqlc.types.non_null(ID), graphql_name='id')
    name = sgqlc.types.Field(sgqlc.types.non_null(String), graphql_name='name')
    city = sgqlc.types.Field(sgqlc.types.non_null(String), graphql_name='city')
    country = sgqlc.types.Field(sgqlc.types.non_null(String), graphql_name='country')



########################################################################
# Unions
########################################################################

########################################################################
# Schema Entry Points
########################################################################
jump_schema.query_type = Query
jump_schema.mutation_type = Mutation
jump_schema.subscription_type = None

