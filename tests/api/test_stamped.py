"""A store of kept responses has one meaning per name."""

import pytest

from api.stamped import stamped_responses


def test_a_store_name_is_bound_to_its_stamps(app):
    with app.app_context():
        store = stamped_responses("test-store", "inventory")
        assert stamped_responses("test-store", "inventory") is store
        with pytest.raises(ValueError, match="test-store"):
            stamped_responses("test-store", "availability")
