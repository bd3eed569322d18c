"""Person records, as recorded at one seizure by one country.

A person record is what one officer wrote about one individual. Deciding that
several records are the same individual is a judgement kept elsewhere (the
identities capability); it never merges or rewrites these rows.
"""

from __future__ import annotations

import uuid

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from kafo.ids import new_id
from kafo.model.base import Base, OwnedRecord, vocab
from kafo.model.vocab import DocumentType, Sex

_CHILD = "all, delete-orphan"


class Person(Base, OwnedRecord):
    __tablename__ = "persons"
    family_name: Mapped[str | None] = mapped_column(String(200), index=True)
    given_names: Mapped[str | None] = mapped_column(String(200))
    sex: Mapped[Sex] = mapped_column(vocab(Sex))
    # Dates of birth are often partial ("1985", "03/1985") or approximate
    # ("vers 1985"): the parts known are stored, with the text as written.
    birth_year: Mapped[int | None]
    birth_month: Mapped[int | None]
    birth_day: Mapped[int | None]
    birth_date_approximate: Mapped[bool] = mapped_column(default=False)
    birth_date_text: Mapped[str | None] = mapped_column(String(40))
    place_of_birth: Mapped[str | None] = mapped_column(String(200))
    address: Mapped[str | None] = mapped_column(String(300))
    notes: Mapped[str | None] = mapped_column(String(1000))

    aliases: Mapped[list[PersonAlias]] = relationship(
        cascade=_CHILD, lazy="selectin", order_by="PersonAlias.position"
    )
    nationalities: Mapped[list[PersonNationality]] = relationship(
        cascade=_CHILD, lazy="selectin", order_by="PersonNationality.position"
    )
    documents: Mapped[list[IdentityDocument]] = relationship(
        cascade=_CHILD, lazy="selectin", order_by="IdentityDocument.position"
    )
    phones: Mapped[list[PhoneNumber]] = relationship(
        cascade=_CHILD, lazy="selectin", order_by="PhoneNumber.position"
    )


class _PersonChild:
    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    position: Mapped[int]


class PersonAlias(Base, _PersonChild):
    __tablename__ = "person_aliases"

    person_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("persons.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(String(200))


class PersonNationality(Base, _PersonChild):
    __tablename__ = "person_nationalities"

    person_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("persons.id", ondelete="CASCADE"), index=True
    )
    country: Mapped[str] = mapped_column(ForeignKey("countries.code"))


class IdentityDocument(Base, _PersonChild):
    __tablename__ = "identity_documents"

    person_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("persons.id", ondelete="CASCADE"), index=True
    )
    doc_type: Mapped[DocumentType] = mapped_column(vocab(DocumentType))
    number: Mapped[str] = mapped_column(String(60))
    number_canonical: Mapped[str] = mapped_column(String(60), index=True)
    issuing_country: Mapped[str | None] = mapped_column(ForeignKey("countries.code"))


class PhoneNumber(Base, _PersonChild):
    __tablename__ = "phone_numbers"

    person_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("persons.id", ondelete="CASCADE"), index=True
    )
    as_entered: Mapped[str] = mapped_column(String(40))
    e164: Mapped[str] = mapped_column(String(16), index=True)
